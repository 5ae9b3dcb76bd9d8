//! Benchmarks of the app's screens and its most frequent write, on the `busy` data set (2,000
//! clients, 3,000 cases, 30,000 contacts, 30,000 time entries), each against a floor measured
//! in the same run. Targets (issue 9): every screen's data under 50 ms; saving one visit under
//! 5 ms (WAL, synchronous=FULL).
//!
//! - screens-busy: the overview of cases and Vandaag's signals, against a plain scan of the
//!   case rows the screens read.
//! - visit-busy: `record_contact` (one validated transaction with its audit line and
//!   first-contact check), against the smallest durable write the store makes (a draft).

mod common;

use std::hint::black_box;

use common::{copy_of, data_store, today};
use criterion::{criterion_group, criterion_main, Criterion};
use wijzer::codes::{ContactMode, Party};
use wijzer::demo::Size;
use wijzer::model::Contact;

fn bench(c: &mut Criterion) {
    let busy = data_store("busy", Size::BUSY);
    let mut group = c.benchmark_group("screens-busy");
    group.bench_function("floor: scan of the cases", |b| {
        b.iter(|| {
            let mut st = busy
                .connection()
                .prepare_cached("SELECT id, client, registered_on, closed_on FROM kase")
                .expect("a statement");
            let rows = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })
                .expect("rows")
                .count();
            black_box(rows)
        })
    });
    group.bench_function("overview of cases", |b| {
        b.iter(|| black_box(busy.cases_overview().expect("the overview")))
    });
    group.bench_function("vandaag (signals)", |b| {
        b.iter(|| black_box(wijzer::app::signals::on(&busy, today()).expect("signals")))
    });
    group.finish();
    drop(busy);

    let dir = tempfile::tempdir().expect("a folder");
    let mut store = copy_of("busy", Size::BUSY, dir.path());
    let case: String = store
        .connection()
        .query_row(
            "SELECT id FROM kase WHERE closed_on IS NULL ORDER BY position LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an open case");
    let visit = Contact {
        case,
        at: serde_json::from_value(serde_json::json!("2026-11-20T10:30")).expect("a time"),
        minutes: 60,
        mode: ContactMode::Huisbezoek,
        with: vec![Party::Client],
        notes: "Huisbezoek: aanvraag besproken, volgende stap afgesproken.".into(),
    };
    let mut group = c.benchmark_group("visit-busy");
    group.bench_function("floor: one durable write (a draft)", |b| {
        b.iter(|| {
            store
                .save_draft("visit:bench", "{\"verslag\": \"half getypt\"}")
                .expect("a draft")
        })
    });
    group.bench_function("save one visit", |b| {
        b.iter(|| black_box(store.record_contact(&visit, None).expect("a visit")))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

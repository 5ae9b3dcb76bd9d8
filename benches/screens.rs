//! Benchmarks of the app's screens and its most frequent write, on the `busy` data set (2,000
//! clients, 3,000 cases, 30,000 contacts, 30,000 time entries) and `org` (one hundred times
//! that), each against a floor measured in the same run. Targets: every screen's data under
//! 50 ms on busy (issue 9) and under 200 ms on org (issue 11); saving one visit under 5 ms
//! (WAL, synchronous=FULL).
//!
//! - screens-busy, screens-org: each screen's data as its command asks the core for it
//!   (Vandaag, Cliënten, Cliënt and Kwestie of the client with the most contacts, Tijd),
//!   against a plain scan of the case rows.
//! - visit-busy: `record_visit` with a next step and appointment (one validated transaction
//!   with its audit line and first-contact check), against the smallest durable write the
//!   store makes (a draft).

mod common;

use std::hint::black_box;

use common::{copy_of, data_store, today};
use criterion::{criterion_group, criterion_main, Criterion};

/// Each screen's data on the data set `name`, against a scan of its case rows.
fn screens(c: &mut Criterion, name: &str) {
    let mut busy = data_store(name);
    let mut group = c.benchmark_group(format!("screens-{name}"));
    if name == "org" {
        // Seconds a call where busy takes milliseconds: ten samples say enough.
        group.sample_size(10);
    }
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
    // The client with the most contacts, and their case with the most: the heaviest dossier.
    // Their signals are the ones evaluated again after a visit below.
    let (client, case): (String, String) = busy
        .connection()
        .query_row(
            "SELECT k.client, k.id FROM contact c JOIN kase k ON k.id = c.kase
             GROUP BY k.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a busy case");
    let shown = wijzer::app::signals::SHOWN_MAX;
    // The kept signals brought up to the day once (after an import: everything evaluated).
    let started = std::time::Instant::now();
    let first = wijzer::app::signals::refresh(&mut busy, today()).expect("kept signals");
    let mut once = vec![format!(
        "- screens-{name}: the kept signals brought up to {} in {:.2?} ({first:?})",
        today(),
        started.elapsed()
    )];
    group.bench_function("vandaag", |b| {
        b.iter(|| {
            black_box(wijzer::app::signals::today(&mut busy, today(), shown).expect("vandaag"))
        })
    });
    // After a visit: its client's signals are evaluated again (the trigger's mark, set here
    // directly so that the store does not grow with every sample).
    group.bench_function("vandaag after a visit", |b| {
        b.iter(|| {
            busy.connection()
                .execute(
                    "INSERT OR IGNORE INTO signal_stale (client) VALUES (?1)",
                    [&client],
                )
                .expect("a mark");
            black_box(wijzer::app::signals::today(&mut busy, today(), shown).expect("vandaag"))
        })
    });
    // The first Vandaag of each of the next 28 days: the clients whose signals change that day
    // are evaluated again. A day comes once, so each is timed once (criterion would repeat a
    // day, and a repeated day finds nothing to do); the median and the slowest are printed.
    let mut times: Vec<std::time::Duration> = (1..=28)
        .map(|n| {
            let day = today()
                .checked_add_days(chrono::Days::new(n))
                .expect("a day");
            let started = std::time::Instant::now();
            black_box(wijzer::app::signals::today(&mut busy, day, shown).expect("vandaag"));
            started.elapsed()
        })
        .collect();
    times.sort();
    once.push(format!(
        "- screens-{name}: the first Vandaag of each of the next 28 days: median {:.2?}, slowest \
         {:.2?} (target < {})",
        times[times.len() / 2],
        times[times.len() - 1],
        if name == "org" { "200 ms" } else { "50 ms" }
    ));
    common::measured_once(&format!("screens-{name}"), &once);
    // Back to the data set's day for the other screens (everything evaluated once more).
    wijzer::app::signals::refresh(&mut busy, today()).expect("kept signals");
    group.bench_function("clienten (all, then a search)", |b| {
        b.iter(|| {
            black_box(wijzer::app::clients::search(&busy, "").expect("all"));
            black_box(wijzer::app::clients::search(&busy, "jan").expect("a search"))
        })
    });
    // The worst case: a search that finds nobody reads every client.
    group.bench_function("clienten (a search that finds nobody)", |b| {
        b.iter(|| black_box(wijzer::app::clients::search(&busy, "qxqx").expect("no one")))
    });
    group.bench_function("client", |b| {
        b.iter(|| black_box(wijzer::app::clients::dossier(&busy, &client).expect("a dossier")))
    });
    group.bench_function("kwestie", |b| {
        b.iter(|| {
            black_box(wijzer::app::clients::dossier_of_case(&busy, &case).expect("a case"));
            black_box(busy.draft(&format!("visit:{case}")).expect("its draft"))
        })
    });
    group.bench_function("tijd", |b| {
        b.iter(|| black_box(wijzer::app::time::summary(&busy, today()).expect("tijd")))
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    screens(c, "busy");
    screens(c, "org");

    let dir = tempfile::tempdir().expect("a folder");
    let mut store = copy_of("busy", dir.path());
    let mut visit = common::visits(&store);
    let mut group = c.benchmark_group("visit-busy");
    group.bench_function("floor: one durable write (a draft)", |b| {
        b.iter(|| {
            store
                .save_draft("visit:bench", "{\"verslag\": \"half getypt\"}")
                .expect("a draft")
        })
    });
    group.bench_function("save one visit", |b| {
        b.iter_batched(
            &mut visit,
            |v| black_box(store.record_visit(&v, None).expect("a visit")),
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

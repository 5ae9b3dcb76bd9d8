//! What encryption costs: the same work on the `busy` data set in the SQLCipher store and in the
//! same schema as plain SQLite (the floor), each pair measured in one run. Target (issue 11):
//! SQLCipher at most 1.3 times plain SQLite. One group per kind of work:
//!
//! - cipher-read: Cliënten (all, then a search) and the heaviest Kwestie;
//! - cipher-signals: every contract's rules over every fact (what Vandaag does the first time
//!   and the command line's `signals`);
//! - cipher-report: a half-year report;
//! - cipher-write: saving one visit (WAL, synchronous=FULL), on copies; and the same paired,
//!   one visit in each store in turn, timed once each (median of 2,000).

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use common::{copy_of, data_store, today};
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use wijzer::report::Period;
use wijzer::store::Store;

/// The busy data set in a plain SQLite file, built once beside the encrypted one.
fn plain_store(path: &Path) -> Store {
    let mut store = Store::plain_for_benchmarks(path).expect("a plain store");
    let filled: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM client", [], |r| r.get(0))
        .expect("a count");
    if filled == 0 {
        let set = wijzer::demo::data_set("busy").expect("busy");
        store.import(&set.generate()).expect("the data set imports");
    }
    store
}

fn plain_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/busy-plain.db")
}

fn heaviest_case(store: &Store) -> String {
    store
        .connection()
        .query_row(
            "SELECT kase FROM contact GROUP BY kase ORDER BY count(*) DESC, kase LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a busy case")
}

fn bench(c: &mut Criterion) {
    let encrypted = data_store("busy");
    let plain = plain_store(&plain_path());
    let stores = [("floor: plain SQLite", &plain), ("sqlcipher", &encrypted)];
    let case = heaviest_case(&encrypted);
    assert_eq!(case, heaviest_case(&plain), "the same data");

    let mut group = c.benchmark_group("cipher-read");
    for (name, store) in stores {
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(wijzer::app::clients::search(store, "").expect("all"));
                black_box(wijzer::app::clients::search(store, "jan").expect("a search"));
                black_box(wijzer::app::clients::dossier_of_case(store, &case).expect("a case"))
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("cipher-signals");
    for (name, store) in stores {
        group.bench_function(name, |b| {
            b.iter(|| black_box(wijzer::app::signals::on(store, today()).expect("signals")))
        });
    }
    group.finish();

    let period = Period::parse("2026-H1").expect("a period");
    let mut group = c.benchmark_group("cipher-report");
    for (name, store) in stores {
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    wijzer::app::reports::build(store, "Enkhuizen", period, today())
                        .expect("a report"),
                )
            })
        });
    }
    group.finish();
    drop(encrypted);
    drop(plain);

    // Writes on copies, so that the kept data sets stay as built.
    let dir = tempfile::tempdir().expect("a folder");
    let mut encrypted = copy_of("busy", dir.path());
    let plain_copy = dir.path().join("plain.db");
    std::fs::copy(plain_path(), &plain_copy).expect("a copy of the plain store");
    let mut plain = plain_store(&plain_copy);
    let mut group = c.benchmark_group("cipher-write");
    for (name, store) in [
        ("floor: plain SQLite", &mut plain),
        ("sqlcipher", &mut encrypted),
    ] {
        let mut next = common::visits(store);
        group.bench_function(name, |b| {
            b.iter_batched(
                &mut next,
                |v| black_box(store.record_visit(&v, None).expect("a visit")),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();

    // The same, paired: a visit saved in one store, then in the other, turn by turn, so that
    // both meet the same moments of a shared disk (a save is mostly its fsync, whose time
    // drifts between criterion's two runs above by more than encryption costs).
    let (mut next_plain, mut next_encrypted) = (common::visits(&plain), common::visits(&encrypted));
    let mut times = (Vec::new(), Vec::new());
    for _ in 0..PAIRS {
        let v = next_plain();
        let started = Instant::now();
        black_box(plain.record_visit(&v, None).expect("a visit"));
        times.0.push(started.elapsed());
        let v = next_encrypted();
        let started = Instant::now();
        black_box(encrypted.record_visit(&v, None).expect("a visit"));
        times.1.push(started.elapsed());
    }
    times.0.sort();
    times.1.sort();
    let (plain_median, encrypted_median) = (times.0[PAIRS / 2], times.1[PAIRS / 2]);
    common::measured_once(
        "cipher-write-paired",
        &[format!(
            "- cipher-write, paired ({PAIRS} visits saved in each store, turn by turn): median \
             {encrypted_median:.2?} with SQLCipher, {plain_median:.2?} plain: {:.2}× (target ≤ 1.3×)",
            encrypted_median.as_secs_f64() / plain_median.as_secs_f64()
        )],
    );
}

/// How many visits the paired measurement saves in each store.
const PAIRS: usize = 2_000;

criterion_group!(benches, bench);
criterion_main!(benches);

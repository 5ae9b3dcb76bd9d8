//! Benchmarks of the half-year report on the data sets of DESIGN.md: `busy` (2,000 clients,
//! 3,000 cases, 30,000 contacts, 30,000 time entries) and `org` (one hundred times that), each
//! against a floor measured in the same run: one hand-written SQL aggregate over the same rows
//! (the municipality's cases and their contacts). Targets: the report under 50 ms on busy and
//! under 2 s on org; a whole export (report, PDF, zip, signature, encryption, fsync, record)
//! under 200 ms on busy.
//!
//! The org store takes a few minutes to build; it is kept in `target/bench-data/` and reused.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{data_store, today};
use criterion::{criterion_group, criterion_main, Criterion};
use wijzer::report::Period;
use wijzer::store::Store;

/// The floor: one aggregate over the municipality's cases and their contacts.
fn aggregate(store: &Store, municipality: &str) -> (i64, i64, i64) {
    store
        .connection()
        .query_row(
            "SELECT count(DISTINCT kase.id), count(contact.id), coalesce(sum(contact.minutes), 0)
             FROM kase LEFT JOIN contact ON contact.kase = kase.id
             WHERE kase.municipality = ?1",
            [municipality],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("the aggregate")
}

fn bench(c: &mut Criterion) {
    let period = Period::parse("2026-H1").expect("a period");
    let municipality = "Enkhuizen";

    let mut busy = data_store("busy");
    let out = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("report-busy");
    group.bench_function("floor: one SQL aggregate", |b| {
        b.iter(|| black_box(aggregate(&busy, black_box(municipality))))
    });
    group.bench_function("report", |b| {
        b.iter(|| {
            black_box(
                wijzer::app::reports::build(&busy, municipality, period, today())
                    .expect("a report"),
            )
        })
    });
    group.bench_function("preview (Rapportage screen)", |b| {
        b.iter(|| {
            black_box(
                wijzer::app::reports::preview_table(&busy, municipality, period, today())
                    .expect("a preview"),
            )
        })
    });
    let file = out.path().join("export.age");
    // Each run is a first export of the period: the record of the one before is taken away
    // outside the measurement (a second export is refused unless it is a correction).
    let busy_cell = std::cell::RefCell::new(&mut busy);
    group.bench_function("whole export", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_file(&file);
                busy_cell
                    .borrow()
                    .connection()
                    .execute("DELETE FROM report_export", [])
                    .expect("the earlier record removed");
            },
            |()| {
                black_box(
                    wijzer::app::reports::export(
                        &mut busy_cell.borrow_mut(),
                        municipality,
                        period,
                        today(),
                        &[],
                        &file,
                        false,
                    )
                    .expect("an export"),
                )
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
    drop(busy);

    let org = data_store("org");
    let mut group = c.benchmark_group("report-org");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("floor: one SQL aggregate", |b| {
        b.iter(|| black_box(aggregate(&org, black_box(municipality))))
    });
    group.bench_function("report", |b| {
        b.iter(|| {
            black_box(
                wijzer::app::reports::build(&org, municipality, period, today()).expect("a report"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

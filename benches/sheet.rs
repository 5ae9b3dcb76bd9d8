//! Benchmark of the client information sheet: one whole sheet (case k1 of the shared scenario)
//! against a floor measured in the same run: the same fonts and PDF writer with one line of
//! text; and the Informatieblad button's whole work on the busy data set (read the heaviest
//! case, render, write the file). Target: one sheet under 10 ms.

mod common;

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use wijzer::sheet::{self, SheetData};

fn k1() -> SheetData {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/examples/scenario.json"
    );
    let text = std::fs::read_to_string(path).expect("../shared beside the clone");
    let mut scenario = wijzer::scenario::parse(&text).expect("the shared scenario parses");
    let case = scenario.cases.remove(0);
    let client = scenario
        .clients
        .into_iter()
        .find(|c| c.id == case.client)
        .expect("k1's client");
    SheetData {
        organisation: scenario.organisation,
        supporter: scenario.supporter,
        client,
        case,
        rule_set: "westfriesland".into(),
    }
}

fn bench(c: &mut Criterion) {
    let data = k1();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day");
    // Load the fonts once outside the measurement, as a running app has them.
    let _ = sheet::render(&data, day);
    let mut group = c.benchmark_group("sheet");
    group.bench_function("floor: one line, same fonts", |b| {
        b.iter(|| {
            black_box(sheet::render_line(black_box(
                "Informatie voor Anna de Vries",
            )))
        })
    });
    group.bench_function("sheet k1", |b| {
        b.iter(|| black_box(sheet::render(black_box(&data), day)))
    });
    group.finish();

    // The button on the case: read from the store, render, write the PDF where it was saved.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut busy = common::copy_of("busy", dir.path());
    let case: String = busy
        .connection()
        .query_row(
            "SELECT k.id FROM contact c JOIN kase k ON k.id = c.kase
             GROUP BY k.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a busy case");
    let out = dir.path().join("informatieblad.pdf");
    let mut group = c.benchmark_group("sheet-busy");
    group.bench_function("floor: one line, same fonts", |b| {
        b.iter(|| black_box(sheet::render_line(black_box("Informatie"))))
    });
    group.bench_function("print the heaviest case (read, render, write)", |b| {
        b.iter(|| {
            black_box(
                wijzer::app::sheets::save(&mut busy, black_box(&case), day, &out).expect("a sheet"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

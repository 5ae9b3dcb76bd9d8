//! Benchmark of the rule engine over the `busy` data set of DESIGN.md (ten years of one busy
//! supporter: 2,000 clients, 3,000 cases, 30,000 contacts, 30,000 time entries), against a
//! floor measured in the same run: a plain scan of the same rows (sum the minutes per case,
//! count the open cases). Target: `evaluate` for all open cases under 20 ms.
//!
//! `cargo xtask bench` runs this and prints the medians and the ratio.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use wijzer::demo::{generate, Size};
use wijzer::rules::{self, Snapshot};
use wijzer::store::key::{KdfParams, KeySetup};
use wijzer::store::Store;
use zeroize::Zeroizing;

/// The snapshots of the busy set, and how many contacts its open cases have (the snapshot
/// lists those one by one; closed cases only count in the budget's yearly sum).
fn busy_snapshots(today: NaiveDate) -> (tempfile::TempDir, Vec<(Snapshot, String)>, usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let setup = KeySetup {
        passphrase: Some(Zeroizing::new("bench-wachtwoord".into())),
        credential_store: false,
        kdf: KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        },
    };
    let (mut store, _) = Store::create(&dir.path().join("busy.db"), &setup).expect("a store");
    store
        .import(&generate(1, Size::BUSY, today))
        .expect("the busy set imports");
    let snapshots = store.snapshots(today).expect("snapshots");
    let open_contacts: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM contact JOIN kase ON kase.id = contact.kase
             WHERE kase.closed_on IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("a count");
    (
        dir,
        snapshots,
        usize::try_from(open_contacts).expect("a count"),
    )
}

/// The floor: one pass over the same rows, summing minutes per case and counting open cases.
fn plain_scan(snapshots: &[(Snapshot, String)]) -> (u64, usize) {
    let mut total = 0u64;
    let mut open = 0usize;
    for (s, _) in snapshots {
        let mut minutes = vec![0u32; s.cases.len()];
        for c in &s.contacts {
            minutes[c.case] += c.minutes;
        }
        for t in &s.time {
            minutes[t.case] += t.minutes;
        }
        for a in &s.actions {
            minutes[a.case] += u32::from(a.done_on.is_none());
        }
        open += s.cases.iter().filter(|c| c.closed_on.is_none()).count();
        total += minutes.iter().map(|m| u64::from(*m)).sum::<u64>();
    }
    (total, open)
}

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day");
    let (_dir, snapshots, open_contacts) = busy_snapshots(today);
    let cases: usize = snapshots.iter().map(|(s, _)| s.cases.len()).sum();
    let contacts: usize = snapshots.iter().map(|(s, _)| s.contacts.len()).sum();
    assert_eq!((cases, contacts), (3_000, open_contacts), "the busy set");
    assert!(contacts > 1_000, "open cases have contacts: {contacts}");

    let mut group = c.benchmark_group("rules-busy");
    group.bench_function("floor: plain scan", |b| {
        b.iter(|| black_box(plain_scan(black_box(&snapshots))))
    });
    group.bench_function("evaluate", |b| {
        b.iter(|| {
            let mut n = 0;
            for (snapshot, rule_set) in &snapshots {
                let rules = rules::shipped(rule_set).expect("a shipped rule set");
                n += rules::evaluate(black_box(snapshot), rules, today).len();
            }
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

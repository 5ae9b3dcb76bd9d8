//! A process killed (SIGKILL) in the middle of a stream of writes, 100 times over, loses no
//! acknowledged write and always leaves a store that passes `integrity_check`.
//!
//! The writer is this test binary itself, started again with `WIJZER_CRASH_CHILD` set: it opens
//! the store, records contacts one by one and prints `ack <id> <note>` after each commit.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use rand::{Rng, SeedableRng};
use wijzer::codes::{ContactMode, Party};
use wijzer::model::{Contact, DateTime};
use wijzer::store::Store;

use crate::support::{passphrase, Env};

const CHILD: &str = "WIJZER_CRASH_CHILD";
const ROUNDS: usize = 100;

fn writer(store_path: &str, round: &str) {
    let mut store = Store::open(std::path::Path::new(store_path), &passphrase()).unwrap();
    for n in 0.. {
        let note = format!("ronde {round} schrijf {n}");
        let contact = Contact {
            case: "k2".into(),
            at: DateTime::parse("2026-03-01T10:00").unwrap(),
            minutes: 30,
            mode: ContactMode::Telefoon,
            with: vec![Party::Client],
            notes: note.clone(),
        };
        let id = store.record_contact(&contact, None).unwrap();
        println!("ack {id} {note}");
    }
}

#[test]
fn sigkill_during_writes_loses_no_acknowledged_write() {
    if let Ok(spec) = std::env::var(CHILD) {
        let (path, round) = spec.split_once('|').unwrap();
        writer(path, round);
        return;
    }
    let env = Env::with_scenario();
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261123);
    let mut acknowledged: Vec<(i64, String)> = Vec::new();

    for round in 0..ROUNDS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "crash::sigkill_during_writes_loses_no_acknowledged_write",
            ])
            .args(["--nocapture", "--test-threads=1"])
            .env(CHILD, format!("{}|{round}", env.store.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let target = rng.gen_range(1..=25);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        while seen < target {
            let line = lines.next().expect("the writer stopped early").unwrap();
            if let Some(rest) = line.strip_prefix("ack ") {
                let (id, note) = rest.split_once(' ').unwrap();
                acknowledged.push((id.parse().unwrap(), note.to_string()));
                seen += 1;
            }
        }
        // Let it get into the next write, then kill it without warning.
        std::thread::sleep(std::time::Duration::from_micros(rng.gen_range(0..3000)));
        child.kill().unwrap();
        child.wait().unwrap();
        // Acks printed between our last read and the kill were acknowledged too.
        for line in lines.map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("ack ") {
                let (id, note) = rest.split_once(' ').unwrap();
                acknowledged.push((id.parse().unwrap(), note.to_string()));
            }
        }

        let store = env.open();
        store
            .integrity_check()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let conn = store.connection();
        for (id, note) in &acknowledged {
            let found: Option<String> = conn
                .query_row("SELECT notes FROM contact WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .ok();
            assert_eq!(
                found.as_deref(),
                Some(note.as_str()),
                "round {round}: contact {id} lost"
            );
        }
    }
    assert!(
        acknowledged.len() >= ROUNDS,
        "{} acknowledged writes",
        acknowledged.len()
    );
    eprintln!(
        "crash: {ROUNDS} kills, {} acknowledged writes, none lost, integrity_check ok each time",
        acknowledged.len()
    );
}

//! A process killed (SIGKILL) in the middle of a stream of writes, 100 times over, loses no
//! acknowledged write and always leaves a store that passes `integrity_check`.
//!
//! The writer is this test binary itself, started again with `WIJZER_CRASH_CHILD` set
//! (`support::kill`): it opens the store, records contacts one by one and acknowledges each.

use wijzer::codes::{ContactMode, Party};
use wijzer::model::{Contact, DateTime};
use wijzer::store::Store;

use crate::support::kill::kill_rounds;
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
    let acknowledged = kill_rounds(
        "crash::sigkill_during_writes_loses_no_acknowledged_write",
        CHILD,
        |round| format!("{}|{round}", env.store.display()),
        ROUNDS,
        20261123,
        |round, acknowledged| {
            let store = env.open();
            store
                .integrity_check()
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            let conn = store.connection();
            for (id, note) in acknowledged {
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
        },
    );
    eprintln!(
        "crash: {ROUNDS} kills, {} acknowledged writes, none lost, integrity_check ok each time",
        acknowledged.len()
    );
}

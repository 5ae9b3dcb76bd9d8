//! The app's save path killed (SIGKILL) in the middle of a stream of visits: every visit the
//! app acknowledged is there, word for word, its draft gone with it, and the store passes
//! `integrity_check` after every kill. `cargo xtask test` runs 100 kills; `cargo xtask crash`
//! runs 1,000 (`WIJZER_KILLS`).
//!
//! The writer is this test binary itself, started again with `WIJZER_APP_CRASH_CHILD` set: it
//! unlocks the store as the app does, saves a draft as the visit form does while typing, then
//! records the visit with that draft (`bezoek::visit_record`), and acknowledges each.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use serde_json::json;
use wijzer::store::key::Passphrase;
use wijzer::store::Store;
use wijzer_app::commands::{bezoek, session};
use wijzer_app::AppState;
use zeroize::Zeroizing;

#[path = "../../tests/support/kill.rs"]
mod kill;

const CHILD: &str = "WIJZER_APP_CRASH_CHILD";
const PASSPHRASE: &str = "crash-wachtwoord";
const TEST: &str = "sigkill_in_the_apps_save_path_loses_no_acknowledged_visit";

fn draft_key(note: &str) -> String {
    format!("visit:{}", note.replace(' ', "-"))
}

fn writer(path: &Path, round: &str) {
    let state = AppState::locked(Some(path.to_path_buf()));
    session::session_unlock(&state, PASSPHRASE.into()).unwrap();
    for n in 0.. {
        let note = format!("ronde {round} bezoek {n}");
        let key = draft_key(&note);
        bezoek::draft_save(&state, &key, &json!({ "notes": note }).to_string()).unwrap();
        let id = bezoek::visit_record(
            &state,
            json!({"case": "k2", "date": "01-03-2026", "time": "10:00", "minutes": "30",
                   "mode": "huisbezoek", "with": ["client"], "notes": note,
                   "next_step": "Terugbellen", "draft": key}),
        )
        .unwrap();
        println!("ack {id} {note}");
    }
}

#[test]
fn sigkill_in_the_apps_save_path_loses_no_acknowledged_visit() {
    if let Ok(spec) = std::env::var(CHILD) {
        let (path, round) = spec.split_once('|').unwrap();
        writer(Path::new(path), round);
        return;
    }
    let rounds: usize = std::env::var("WIJZER_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wijzer.db");
    common::store_with_scenario(&path, PASSPHRASE);
    let started = std::time::Instant::now();
    let mut checked = 0;
    let acknowledged = kill::kill_rounds(
        TEST,
        CHILD,
        |round| format!("{}|{round}", path.display()),
        rounds,
        20261129,
        |round, acknowledged| {
            let store = Store::open(&path, &Passphrase(Zeroizing::new(PASSPHRASE.into())))
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            store
                .integrity_check()
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            // Each round checks what it added; the last round checks everything again.
            let from = if round + 1 == rounds { 0 } else { checked };
            for (id, note) in acknowledged.get(from..).unwrap_or_default() {
                let found: Option<String> = store
                    .connection()
                    .query_row("SELECT notes FROM contact WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .ok();
                assert_eq!(
                    found.as_deref(),
                    Some(note.as_str()),
                    "round {round}: visit {id} lost"
                );
                assert_eq!(
                    store.draft(&draft_key(note)).unwrap(),
                    None,
                    "round {round}: the draft of visit {id} went with it"
                );
            }
            checked = acknowledged.len();
        },
    );
    eprintln!(
        "app crash: {rounds} kills in {:.1} s, {} acknowledged visits, none lost, \
         integrity_check ok each time",
        started.elapsed().as_secs_f64(),
        acknowledged.len()
    );
}

//! A damaged store on open: moved aside (never deleted), the newest backup that passes its
//! check offered, restored, and the supporter told what is missing.

use std::path::PathBuf;

use crate::support::Env;

/// The damaged stores set aside in `backups/`, oldest first.
pub fn set_aside_files(env: &Env) -> Vec<PathBuf> {
    let dir = env.file("backups");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().unwrap().to_string_lossy();
                    name.starts_with("damaged-") && name.ends_with(".db")
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Flips a byte in a page in the middle of `file`.
fn damage(file: &std::path::Path) {
    let mut bytes = std::fs::read(file).unwrap();
    let at = bytes.len() / 2 + 300;
    bytes[at] ^= 0x5a;
    std::fs::write(file, &bytes).unwrap();
}

/// One more client imported (a change made after a backup).
fn one_more_client(env: &Env, id: &str) {
    let more = crate::support::one_more_client(id);
    let file = env.write(&format!("{id}.json"), &more.to_string());
    env.ok(&["import", &file]);
}

fn backup(env: &Env) -> PathBuf {
    let out = env.ok(&["backup"]);
    let path = out.trim().strip_prefix("Reservekopie gemaakt: ").unwrap();
    // Backups are named by the second; the next one must not share it.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    PathBuf::from(path)
}

#[test]
fn a_damaged_store_is_set_aside_and_the_last_good_backup_is_offered_and_restored() {
    let env = Env::with_scenario();
    let good = backup(&env);
    let as_backed_up = env.ok(&["export-json"]);
    one_more_client(&env, "na-kopie-1");
    let spoiled = backup(&env);
    damage(&spoiled);
    one_more_client(&env, "na-kopie-2");
    let before = std::fs::read(&env.store).unwrap();
    damage(&env.store);

    // Any command: the damaged file is moved aside, the good backup (not the newer, damaged
    // one) is offered, and what will be missing is said; one line.
    let line = env.fails(&["export-json"]);
    assert!(line.contains("is beschadigd"), "{line}");
    assert!(line.contains("opzij gezet"), "{line}");
    assert!(line.contains("niets weggegooid"), "{line}");
    assert!(
        line.contains(&format!("wijzer restore {}", good.display())),
        "{line}"
    );
    assert!(line.contains("ontbreekt"), "{line}");
    assert!(!env.store.exists(), "set aside");
    let aside = set_aside_files(&env);
    assert_eq!(aside.len(), 1);
    assert_ne!(
        std::fs::read(&aside[0]).unwrap(),
        before,
        "the damaged bytes"
    );
    assert!(wijzer::store::key::KeyFile::path_for(&aside[0]).exists());
    assert!(spoiled.exists() && good.exists(), "no backup deleted");

    // Asked again, the same offer; the file is not set aside twice.
    let again = env.fails(&["export-json"]);
    assert!(
        again.contains(&format!(
            "eerder als beschadigd opzij gezet als {}",
            aside[0].display()
        )),
        "{again}"
    );
    assert!(
        again.contains(&format!("wijzer restore {}", good.display())),
        "{again}"
    );
    assert_eq!(set_aside_files(&env).len(), 1);

    env.ok(&["restore", good.to_str().unwrap()]);
    assert_eq!(
        env.ok(&["export-json"]),
        as_backed_up,
        "the store as backed up"
    );
    // The store opens with the passphrase as it was, and goes on.
    one_more_client(&env, "na-herstel");
}

#[test]
fn without_a_good_backup_the_damaged_store_is_still_kept_and_the_way_back_is_named() {
    let env = Env::with_scenario();
    damage(&env.store);
    let line = env.fails(&["signals"]);
    assert!(line.contains("opzij gezet"), "{line}");
    assert!(line.contains("Geen reservekopie"), "{line}");
    assert_eq!(set_aside_files(&env).len(), 1);
}

#[test]
fn a_wrong_passphrase_on_a_damaged_store_moves_nothing() {
    let env = Env::with_scenario();
    damage(&env.store);
    let bytes = std::fs::read(&env.store).unwrap();
    let line = crate::support::fails(env.wijzer_with(&["export-json"], "niet-het-wachtwoord"));
    assert_eq!(line, "wijzer: verkeerd wachtwoord");
    assert_eq!(std::fs::read(&env.store).unwrap(), bytes);
    assert!(set_aside_files(&env).is_empty());
}

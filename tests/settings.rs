//! Instellingen in the core: a new passphrase and a new recovery code, each confirmed with the
//! current passphrase; only the key file changes, and the data opens as before.

use wijzer::app::session::{change_passphrase, renew_recovery_code, NewPassphrase};
use wijzer::store::key::{KeyError, KeyFile, KeySource, Passphrase, Recovery};
use wijzer::store::{Store, StoreError};
use zeroize::Zeroizing;

use crate::support::{fast_setup, fingerprint, Env, PASSPHRASE};

fn new(first: &str, again: &str) -> NewPassphrase {
    NewPassphrase {
        first: Zeroizing::new(first.into()),
        again: Zeroizing::new(again.into()),
    }
}

fn opens(path: &std::path::Path, source: &dyn KeySource) -> bool {
    Store::open(path, source).is_ok()
}

fn passphrase(p: &str) -> Passphrase {
    Passphrase(Zeroizing::new(p.into()))
}

#[test]
fn a_new_passphrase_replaces_the_old_one_and_the_data_stays() {
    let env = Env::new();
    let (mut store, code) = Store::create(&env.store, &fast_setup()).unwrap();
    let scenario = wijzer::scenario::parse(&crate::support::scenario_text()).unwrap();
    store.import(&scenario).unwrap();
    let before = fingerprint(&store);
    drop(store);
    let key_file = std::fs::read(KeyFile::path_for(&env.store)).unwrap();

    let field = |r: Result<(), StoreError>| match r {
        Err(StoreError::Invalid(e)) => e.field,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        field(change_passphrase(
            &env.store,
            PASSPHRASE,
            &new("kort", "kort")
        )),
        "passphrase"
    );
    assert_eq!(
        field(change_passphrase(
            &env.store,
            PASSPHRASE,
            &new("een nieuw wachtwoord", "een nieuw wachtwoorD")
        )),
        "passphrase_again"
    );
    let wrong = change_passphrase(
        &env.store,
        "niet het huidige",
        &new("een nieuw wachtwoord", "een nieuw wachtwoord"),
    );
    assert!(
        matches!(wrong, Err(StoreError::Key(KeyError::WrongPassphrase))),
        "{wrong:?}"
    );
    assert_eq!(
        std::fs::read(KeyFile::path_for(&env.store)).unwrap(),
        key_file,
        "nothing written"
    );

    change_passphrase(
        &env.store,
        PASSPHRASE,
        &new("een nieuw wachtwoord", "een nieuw wachtwoord"),
    )
    .unwrap();
    assert!(
        !opens(&env.store, &passphrase(PASSPHRASE)),
        "the old passphrase no longer opens"
    );
    assert!(
        opens(&env.store, &Recovery(code.0.clone())),
        "the recovery code still does"
    );
    let store = Store::open(&env.store, &passphrase("een nieuw wachtwoord")).unwrap();
    assert_eq!(fingerprint(&store), before, "the data is as it was");
}

#[test]
fn a_new_recovery_code_replaces_the_old_one() {
    let env = Env::new();
    let (store, old) = Store::create(&env.store, &fast_setup()).unwrap();
    drop(store);
    let wrong = renew_recovery_code(&env.store, "niet het huidige");
    assert!(matches!(
        wrong,
        Err(StoreError::Key(KeyError::WrongPassphrase))
    ));
    let fresh = renew_recovery_code(&env.store, PASSPHRASE).unwrap();
    assert_ne!(fresh.0.as_str(), old.0.as_str());
    let file = KeyFile::load(&KeyFile::path_for(&env.store)).unwrap();
    assert!(matches!(
        Recovery(old.0.clone()).unlock(&file),
        Err(KeyError::WrongRecoveryCode)
    ));
    assert!(opens(&env.store, &Recovery(fresh.0.clone())));
    assert!(
        opens(&env.store, &passphrase(PASSPHRASE)),
        "the passphrase is untouched"
    );
}

#[test]
fn the_profile_and_the_municipalitys_key_change_with_one_audit_line_each() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let all = store.export(None).unwrap();
    let (mut organisation, mut supporter) = (all.organisation.unwrap(), all.supporter.unwrap());
    organisation.phone = Some("0229-000000".into());
    supporter.name = "Sanne de Vries-Bakker".into();
    let lines = store.audit_trail().unwrap().len();
    store.change_profile(&organisation, &supporter).unwrap();
    let trail = store.audit_trail().unwrap();
    assert_eq!(trail.len(), lines + 1);
    assert_eq!(trail.last().unwrap().entity, "profile");
    let all = store.export(None).unwrap();
    assert_eq!(all.supporter.unwrap().name, "Sanne de Vries-Bakker");
    assert_eq!(
        all.organisation.unwrap().phone.as_deref(),
        Some("0229-000000")
    );

    // Refused: an empty name, a key with a wrong checksum or the wrong form, an unknown
    // contract. Nothing changes.
    let before = fingerprint(&store);
    let nameless = wijzer::model::Supporter {
        name: " ".into(),
        ..supporter.clone()
    };
    match store.change_profile(&organisation, &nameless) {
        Err(StoreError::Invalid(e)) => {
            assert_eq!((e.record.as_str(), e.field.as_str()), ("supporter", "name"))
        }
        other => panic!("{other:?}"),
    }
    let good = all.contracts[0].recipient.clone();
    let mut broken = good.clone();
    let last = broken.pop().unwrap();
    broken.push(if last == 'q' { 'p' } else { 'q' });
    for bad in [broken.as_str(), "age1kort", "AGE-SECRET-KEY-1NVVVZ", ""] {
        match store.set_recipient(&all.contracts[0].id, bad) {
            Err(StoreError::Invalid(e)) => {
                assert_eq!(e.field, "recipient");
                assert!(bad.is_empty() || !e.message.contains(bad), "{}", e.message);
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    match store.set_recipient("geen-contract", &good) {
        Err(StoreError::Invalid(e)) => assert_eq!(e.field, "id"),
        other => panic!("{other:?}"),
    }
    assert_eq!(fingerprint(&store), before);

    let other = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    store.set_recipient(&all.contracts[0].id, other).unwrap();
    assert_eq!(
        store.audit_trail().unwrap().last().unwrap().entity,
        "contract"
    );
    assert_eq!(store.export(None).unwrap().contracts[0].recipient, other);
}

#[test]
fn the_settings_screen_reads_keys_backups_and_the_idle_lock_in_one_go() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let s = wijzer::app::settings::read(&mut store).unwrap();
    assert_eq!(
        s.supporter.as_ref().unwrap().phone.as_deref(),
        Some("06-11112222")
    );
    assert!(s
        .contracts
        .iter()
        .any(|c| c.municipalities.contains(&"Enkhuizen".to_string())));
    assert!(s
        .contracts
        .iter()
        .all(|c| c.recipient.starts_with("age1") && c.archive.is_none()));
    assert_eq!(s.fingerprint.len(), 16);
    assert!(s.signing_key.contains(&s.fingerprint));
    assert_eq!(s.idle_lock_minutes, 0);
    assert!(s.backups.is_empty());

    store.set_idle_lock_minutes(15).unwrap();
    assert!(matches!(
        store.set_idle_lock_minutes(481),
        Err(StoreError::Invalid(ref e)) if e.field == "idle_lock_minutes"
    ));
    let first = wijzer::app::settings::backup_now(&mut store).unwrap();
    let second = wijzer::app::settings::backup_now(&mut store).unwrap();
    assert!(first.name.starts_with("wijzer-") && first.bytes > 0);
    let s = wijzer::app::settings::read(&mut store).unwrap();
    assert_eq!(s.idle_lock_minutes, 15);
    let names: Vec<&str> = s.backups.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        [second.name.as_str(), first.name.as_str()],
        "newest first"
    );
    assert!(
        s.backups[0].made.as_deref().is_some_and(|m| m.len() == 19),
        "{:?}",
        s.backups[0]
    );
}

#[test]
fn an_archive_key_opens_every_report_of_its_contract_too() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let contract = store.contract_settings().unwrap()[0].clone();
    let identity = env.file("archief.key");
    let made = std::process::Command::new("age-keygen")
        .arg("-o")
        .arg(&identity)
        .output()
        .expect("age is installed by `cargo xtask setup`");
    assert!(made.status.success());
    let public = std::fs::read_to_string(&identity)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: ").map(String::from))
        .unwrap();
    // A key with one letter changed fails its checksum and changes nothing.
    let mut wrong = public.clone();
    wrong.replace_range(10..11, if &public[10..11] == "q" { "p" } else { "q" });
    assert!(store.set_archive(&contract.id, Some(&wrong)).is_err());
    assert_eq!(store.contract_settings().unwrap()[0].archive, None);
    store.set_archive(&contract.id, Some(&public)).unwrap();
    assert_eq!(
        store.contract_settings().unwrap()[0].archive.as_deref(),
        Some(public.as_str())
    );

    let municipality = &contract.municipalities[0];
    let bundle = env.file("rapport.age");
    wijzer::app::reports::export(
        &mut store,
        municipality,
        wijzer::report::Period::parse("2026-H1").unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 7, 2).unwrap(),
        &[],
        &bundle,
        false,
    )
    .unwrap();
    let opened = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&identity)
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(
        opened.status.success(),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    assert!(opened.stdout.starts_with(b"PK"), "a zip inside");
    store.set_archive(&contract.id, None).unwrap();
    assert_eq!(store.contract_settings().unwrap()[0].archive, None);
}

#[test]
fn a_backup_is_restored_over_the_open_store_and_a_wrong_passphrase_changes_nothing() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let backup = wijzer::app::settings::backup_now(&mut store).unwrap();
    let from = wijzer::store::backup_dir(&env.store).join(&backup.name);
    let later = wijzer::model::Client {
        id: String::new(),
        name: "Na-de-kopie Testnaam".into(),
        born: None,
        municipality: "Enkhuizen".into(),
        address: None,
        phone: None,
        email: None,
        consents: vec![],
    };
    store.add_client(&later).unwrap();

    // A wrong passphrase: refused, the store as it was and open again.
    let after = wijzer::app::settings::restore(store, &from, "niet het goede wachtwoord");
    assert!(matches!(
        after.outcome,
        Err(StoreError::Key(KeyError::WrongPassphrase))
    ));
    let mut store = after.store.expect("the store is open again");
    assert!(store
        .export(None)
        .unwrap()
        .clients
        .iter()
        .any(|c| c.name == later.name));

    // The right one: the backup's data, open.
    let after = wijzer::app::settings::restore(store, &from, PASSPHRASE);
    assert!(after.outcome.is_ok(), "{:?}", after.outcome.err());
    let mut store = after.store.expect("the restored store is open");
    assert!(!store
        .export(None)
        .unwrap()
        .clients
        .iter()
        .any(|c| c.name == later.name));
}

#[test]
fn a_contract_is_added_and_its_rule_set_and_municipalities_changed_as_an_import_checks_them() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let key = store.contract_settings().unwrap()[0].recipient.clone();
    let field = |r: Result<(), StoreError>| match r {
        Err(StoreError::Invalid(e)) => e.field,
        other => panic!("{other:?}"),
    };
    let new = |id: &str, rule_set: &str, municipalities: &[&str]| wijzer::model::Contract {
        id: id.into(),
        rule_set: rule_set.into(),
        municipalities: municipalities.iter().map(|m| m.to_string()).collect(),
        recipient: key.clone(),
    };
    assert_eq!(
        field(store.add_contract(&new("hoorn", "onbekend", &["Hoorn"]))),
        "rule_set"
    );
    assert_eq!(
        field(store.add_contract(&new("hoorn", "wmo", &["Enkhuizen"]))),
        "municipalities[0]",
        "a municipality is under one contract"
    );
    let lines = store.audit_trail().unwrap().len();
    store
        .add_contract(&new("hoorn", "wmo", &["Hoorn"]))
        .unwrap();
    let trail = store.audit_trail().unwrap();
    assert_eq!(trail.len(), lines + 1, "one audit line for a new contract");
    assert_eq!(trail.last().unwrap().entity, "contract");
    let wf = store.contract_settings().unwrap()[0].clone();
    assert_eq!(
        store
            .contract_settings()
            .unwrap()
            .last()
            .unwrap()
            .municipalities,
        ["Hoorn"]
    );

    // A municipality added, then one with clients refused, then the added one taken off again.
    let mut more = wf.municipalities.clone();
    more.push("Wervershoof".into());
    store.change_contract(&wf.id, &wf.rule_set, &more).unwrap();
    assert!(store.contract_settings().unwrap()[0]
        .municipalities
        .contains(&"Wervershoof".to_string()));
    let without_enkhuizen: Vec<String> =
        more.iter().filter(|m| *m != "Enkhuizen").cloned().collect();
    assert_eq!(
        field(store.change_contract(&wf.id, &wf.rule_set, &without_enkhuizen)),
        "municipalities"
    );
    let lines = store.audit_trail().unwrap().len();
    assert_eq!(
        field(store.change_contract(&wf.id, &wf.rule_set, &[])),
        "municipalities"
    );
    assert_eq!(
        store.audit_trail().unwrap().len(),
        lines,
        "a refusal adds none"
    );
    store
        .change_contract(&wf.id, "wmo", &wf.municipalities)
        .unwrap();
    let changed = store.contract_settings().unwrap()[0].clone();
    assert_eq!(
        (changed.rule_set.as_str(), changed.municipalities),
        ("wmo", wf.municipalities)
    );
    assert_eq!(
        field(store.change_contract("bestaat-niet", "wmo", &["X".to_string()])),
        "id"
    );
}

#[test]
fn a_backup_is_made_by_itself_on_close_and_daily_only_when_something_changed() {
    use wijzer::app::settings::{backup_automatically, backups};
    let env = Env::with_scenario();
    let mut store = env.open();
    let now = chrono::Local::now().naive_local();
    let day = Some(chrono::TimeDelta::days(1));
    // On close: the import is not backed up yet.
    let first = backup_automatically(&mut store, now, None).unwrap();
    assert!(first.is_some());
    // Nothing changed since: no copy of the same store pushes an older one out.
    assert_eq!(backup_automatically(&mut store, now, None).unwrap(), None);
    assert_eq!(
        backup_automatically(&mut store, now + chrono::TimeDelta::days(2), day).unwrap(),
        None
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    store
        .set_idle_lock_minutes(5)
        .expect("a change to the store");
    // Daily: a backup less than a day old is enough; a day later a new one is made.
    assert_eq!(backup_automatically(&mut store, now, day).unwrap(), None);
    let later = now + chrono::TimeDelta::hours(25);
    assert!(backup_automatically(&mut store, later, day)
        .unwrap()
        .is_some());
    assert_eq!(backups(&env.store).len(), 2);
    // Every automatic backup restores (checked as a restore checks it).
    for b in backups(&env.store) {
        let key = KeyFile::load(&KeyFile::path_for(&env.store)).unwrap();
        let key = crate::support::passphrase().unlock(&key).unwrap();
        Store::check_backup(&env.store, &env.file("backups").join(&b.name), &key).unwrap();
    }
}

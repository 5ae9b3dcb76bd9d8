//! Released schemas are frozen, one fixture per version, and every older version upgrades to the
//! current one with its data intact. A change belongs in a new migration with its own fixture
//! (`UPDATE_EXPECT=1` writes it); editing a released one fails here.

use expect_test::{expect_file, ExpectFile};
use wijzer::store::Store;

use crate::support::{fast_setup, passphrase, Env};

fn schema_of(store: &Store) -> String {
    let sql: Vec<String> = store
        .connection()
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    sql.join(";\n") + ";\n"
}

fn fixture(version: i64) -> ExpectFile {
    match version {
        1 => expect_file!["fixtures/schema_v1.sql"],
        2 => expect_file!["fixtures/schema_v2.sql"],
        3 => expect_file!["fixtures/schema_v3.sql"],
        4 => expect_file!["fixtures/schema_v4.sql"],
        5 => expect_file!["fixtures/schema_v5.sql"],
        6 => expect_file!["fixtures/schema_v6.sql"],
        7 => expect_file!["fixtures/schema_v7.sql"],
        8 => expect_file!["fixtures/schema_v8.sql"],
        9 => expect_file!["fixtures/schema_v9.sql"],
        10 => expect_file!["fixtures/schema_v10.sql"],
        11 => expect_file!["fixtures/schema_v11.sql"],
        v => panic!("add tests/fixtures/schema_v{v}.sql for the new migration"),
    }
}

#[test]
fn released_schemas_are_frozen() {
    for version in 1..=wijzer::store::current_version() {
        let env = Env::new();
        Store::create_at_version(&env.store, &fast_setup(), version).unwrap();
        let store = Store::open_unmigrated(&env.store, &passphrase()).unwrap();
        assert_eq!(store.schema_version().unwrap(), version);
        fixture(version).assert_eq(&schema_of(&store));
    }
}

#[test]
fn a_version_1_store_upgrades_with_its_data() {
    let env = Env::new();
    Store::create_at_version(&env.store, &fast_setup(), 1).unwrap();
    {
        let store = Store::open_unmigrated(&env.store, &passphrase()).unwrap();
        store
            .connection()
            .execute_batch(
                "INSERT INTO contract VALUES ('wf', 0, 'westfriesland', 'age17xwtkqlkha0j4drwtnu3sffpajesm8v8qfq3pk4cx2km6kjc0gnqde84np');
                 INSERT INTO municipality VALUES ('Opmeer', 'wf', 0);
                 INSERT INTO client VALUES ('cl3', 0, 'Joke Smit-Groen', '1936-08-30', 'Opmeer', NULL, NULL, NULL);
                 INSERT INTO kase (id, position, client, contract, registered_on, referral, question, wlz_indication_on)
                    VALUES ('k3', 0, 'cl3', 'wf', '2026-03-09', 'huisarts', 'Verhuizen?', '2026-05-20');
                 INSERT INTO contact VALUES (1, 'k3', '2026-03-10T10:00', 45, 'huisbezoek', '');
                 INSERT INTO contact VALUES (2, 'k3', '2026-03-10T14:00', 15, 'telefoon', '');",
            )
            .unwrap();
    }
    let mut store = Store::open(&env.store, &passphrase()).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        wijzer::store::current_version()
    );
    fixture(wijzer::store::current_version()).assert_eq(&schema_of(&store));
    let data = store.export(None).unwrap();
    assert_eq!(data.clients[0].name, "Joke Smit-Groen");
    assert_eq!(
        data.cases[0].wlz_indication_on.unwrap().to_string(),
        "2026-05-20"
    );
    assert_eq!(data.cases[0].wlz_handover_on, None);
    let municipality: String = store
        .connection()
        .query_row("SELECT municipality FROM kase WHERE id = 'k3'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        municipality, "Opmeer",
        "v5 gives old cases their client's municipality"
    );
    let day: (String, String, i64) = store
        .connection()
        .query_row(
            "SELECT day, contract, minutes FROM minutes_by_day",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        day,
        ("2026-03-10".into(), "wf".into(), 60),
        "v11 sums the contacts already there by day"
    );
    let found = wijzer::app::clients::search(&store, "smit groen").unwrap();
    assert_eq!(
        found.rows.len(),
        1,
        "v11 gives the clients already there their search key"
    );
    store.integrity_check().unwrap();
}

#[test]
fn reopening_a_current_store_changes_nothing() {
    let env = Env::with_store();
    let before = crate::support::fingerprint(&env.open());
    assert_eq!(crate::support::fingerprint(&env.open()), before);
}

//! The schema is frozen per version: a change to a released migration fails here. A change
//! belongs in a new migration, with its own fixture (`UPDATE_EXPECT=1` writes it).

use expect_test::expect_file;

use crate::support::Env;

#[test]
fn released_schema_is_frozen() {
    let env = Env::with_store();
    let store = env.open();
    assert_eq!(
        store.schema_version().unwrap(),
        wijzer::store::current_version()
    );
    let sql: Vec<String> = store
        .connection()
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let text = sql.join(";\n") + ";\n";
    expect_file!["fixtures/schema_v1.sql"].assert_eq(&text);
}

#[test]
fn reopening_a_current_store_migrates_nothing() {
    let env = Env::with_store();
    let before = crate::support::fingerprint(&env.open());
    assert_eq!(crate::support::fingerprint(&env.open()), before);
}

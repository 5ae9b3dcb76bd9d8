//! Import of the shared scenario, then `export-json`, gives back every field that went in.

use serde_json::Value;

use crate::support::{scenario_json, Env};

/// Every leaf of `input` is in `output` at the same path; `null` and absent are the same.
fn assert_holds(input: &Value, output: &Value, path: &str) {
    match input {
        Value::Object(fields) => {
            for (name, value) in fields {
                let here = format!("{path}.{name}");
                match (value, output.get(name)) {
                    (Value::Null, None | Some(Value::Null)) => {}
                    (_, Some(out)) => assert_holds(value, out, &here),
                    (_, None) => panic!("{here} went in but did not come back"),
                }
            }
        }
        Value::Array(items) => {
            let out = output
                .as_array()
                .unwrap_or_else(|| panic!("{path} is no list"));
            assert_eq!(items.len(), out.len(), "{path}: length");
            for (i, (a, b)) in items.iter().zip(out).enumerate() {
                assert_holds(a, b, &format!("{path}[{i}]"));
            }
        }
        leaf => assert_eq!(leaf, output, "{path}"),
    }
}

/// The export adds nothing that did not go in, apart from empty fields.
fn assert_adds_nothing(input: &Value, output: &Value, path: &str) {
    match output {
        Value::Object(fields) => {
            for (name, value) in fields {
                let here = format!("{path}.{name}");
                match input.get(name) {
                    Some(original) => assert_adds_nothing(original, value, &here),
                    None => assert!(
                        value.is_null() || value.as_array().is_some_and(Vec::is_empty),
                        "{here} came out but did not go in: {value}"
                    ),
                }
            }
        }
        Value::Array(items) => {
            for (i, (a, b)) in input
                .as_array()
                .into_iter()
                .flatten()
                .zip(items)
                .enumerate()
            {
                assert_adds_nothing(a, b, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

#[test]
fn import_then_export_gives_back_every_field() {
    let env = Env::with_store();
    let file = crate::support::shared().join("examples/scenario.json");
    let said = env.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(
        said.trim(),
        "Ingelezen: 2 contracten, 5 cliënten, 5 kwesties, 10 contacten, 5 tijdregels, 2 signalen."
    );
    let exported: Value = serde_json::from_str(&env.ok(&["export-json"])).unwrap();
    let input = scenario_json();
    assert_holds(&input, &exported, "");
    assert_adds_nothing(&input, &exported, "");
}

#[test]
fn export_is_importable_again_and_stable() {
    let env = Env::with_scenario();
    let first = env.ok(&["export-json"]);
    let other = Env::with_store();
    let path = other.write("export.json", &first);
    other.ok(&["import", &path]);
    assert_eq!(other.ok(&["export-json"]), first);
}

#[test]
fn one_clients_dossier_holds_only_that_client() {
    let env = Env::with_scenario();
    let dossier: Value =
        serde_json::from_str(&env.ok(&["export-json", "--client", "cl3"])).unwrap();
    let clients = dossier["clients"].as_array().unwrap();
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0]["name"], "Joke Smit-Groen");
    assert_eq!(clients[0]["consents"].as_array().unwrap().len(), 2);
    let cases: Vec<&str> = dossier["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(cases, ["k3"]);
    assert_eq!(dossier["contacts"].as_array().unwrap().len(), 3);
    assert_eq!(dossier["time"].as_array().unwrap().len(), 2);
    assert_eq!(dossier["contracts"][0]["id"], "wf");
    assert!(dossier["policy_signals"].as_array().unwrap().is_empty());
    let text = dossier.to_string();
    for other in ["Anna de Vries", "Mehmet", "Sanne Jansen", "Gerrit"] {
        assert!(!text.contains(other), "{other} is not in cl3's dossier");
    }

    let line = env.fails(&["export-json", "--client", "nobody"]);
    assert_eq!(line, "wijzer: onbekende cliënt: nobody");
}

#[test]
fn exports_are_in_the_audit_trail_by_id_only() {
    let env = Env::with_scenario();
    env.ok(&["export-json", "--client", "cl2"]);
    let trail = env.open().audit_trail().unwrap();
    let last = trail.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.entity.as_str()),
        ("export", "client")
    );
    assert_eq!(last.entity_id.as_deref(), Some("cl2"));
    let all = format!("{trail:?}");
    assert!(!all.contains("Mehmet") && !all.contains("Schulden"));
}

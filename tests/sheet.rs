//! The client information sheet, read back with poppler's pdftotext and pdfinfo (the real tools,
//! installed by `cargo xtask setup`); a rendered page is kept as a PNG for a person to look at.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::support::{scenario_json, Env};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (poppler-utils, cargo xtask setup): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of a PDF without page footers, with all white space folded to single spaces.
fn text_of(pdf: &Path) -> String {
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    text.lines()
        .filter(|l| !l.contains(" · pagina "))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pages_of(pdf: &Path) -> (usize, String) {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    (field("Pages:").parse().unwrap(), field("Page size:"))
}

fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_case_of_the_scenario_has_a_complete_a4_sheet() {
    let env = Env::with_store();
    let scenario = scenario_json();
    let path = env.write("s.json", &scenario.to_string());
    env.ok(&["import", &path]);
    let artefacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sheet");
    std::fs::create_dir_all(&artefacts).unwrap();

    for case in scenario["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let pdf = env.file(&format!("{id}.pdf"));
        let said = env.ok(&["sheet", "--case", id, "--out", pdf.to_str().unwrap()]);
        assert!(said.contains(&format!("kwestie {id}")), "{said}");
        let (pages, size) = pages_of(&pdf);
        assert!((1..=2).contains(&pages), "{id}: {pages} pages");
        assert!(size.ends_with("(A4)"), "{id}: {size}");

        let text = text_of(&pdf);
        let client = scenario["clients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == case["client"])
            .unwrap();
        let name = client["name"].as_str().unwrap();
        assert!(
            text.contains(&format!("Informatie voor {name}")),
            "{id}: {name} in {text}"
        );
        assert!(text.contains("06-11112222"), "{id}: the supporter's phone");
        assert!(
            text.contains(&folded(case["question"].as_str().unwrap())),
            "{id}: question"
        );
        for action in case["actions"].as_array().unwrap() {
            let action = action["text"].as_str().unwrap();
            assert!(text.contains(action), "{id}: action {action}");
        }
        for goal in case["goals"].as_array().unwrap() {
            assert!(text.contains(&folded(goal.as_str().unwrap())), "{id}: goal");
        }
        assert!(text.contains("Uw rechten"), "{id}: rights");
        assert!(
            text.contains("U mag uw dossier altijd inzien"),
            "{id}: rights"
        );
        assert!(
            text.contains("vernietigen. Dat doen we dan binnen 3 maanden"),
            "{id}: erasure"
        );
        assert!(text.contains("niet langer dan 15 jaar"), "{id}: retention");
        assert!(text.contains("cliëntondersteuning"), "{id}: ë intact");
        assert!(
            text.contains("Vastleggen van gegevens: gegeven op"),
            "{id}: consents"
        );

        if id == "k1" {
            let png = artefacts.join("k1");
            tool(
                "pdftoppm",
                &[
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    pdf.to_str().unwrap(),
                    png.to_str().unwrap(),
                ],
            );
            eprintln!("sheet: page 1 of k1 kept as {}-1.png", png.display());
        }
    }
    // Westfriesland's terms are promised to its clients; Raalte sets no terms for contact.
    let k1 = text_of(&env.file("k1.pdf"));
    assert!(k1.contains("binnen 2 dagen contact met u op"));
    assert!(k1.contains("niet meer dan 2 dagdelen"));
    let k5 = text_of(&env.file("k5.pdf"));
    assert!(!k5.contains("binnen 2 dagen"));
    assert!(k5.contains("niet meer dan 5 uur"));
}

#[test]
fn diacritics_of_names_from_other_origins_survive() {
    let env = Env::with_store();
    let mut scenario = scenario_json();
    let name = "Çağla Işıl Şahin-Müller Ëlïé";
    scenario["clients"][1]["name"] = json!(name);
    let path = env.write("s.json", &scenario.to_string());
    env.ok(&["import", &path]);
    let pdf = env.file("k2.pdf");
    env.ok(&["sheet", "--case", "k2", "--out", pdf.to_str().unwrap()]);
    assert!(text_of(&pdf).contains(name));
}

#[test]
fn a_long_question_and_twenty_actions_flow_onto_a_second_page() {
    let env = Env::with_store();
    let mut scenario: Value = scenario_json();
    let question: String = (1..=60)
        .map(|n| format!("Zin {n}: mevrouw vertelt over haar situatie thuis en wat er nodig is."))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        question.chars().count() >= 3_000,
        "{}",
        question.chars().count()
    );
    let question: String = question.chars().take(3_000).collect();
    let actions: Vec<Value> = (1..=20)
        .map(|n| {
            json!({"text": format!("Actie {n}: bel de instantie en vraag naar de stand van zaken"),
                   "owner": "ondersteuner", "due_on": "2026-07-01"})
        })
        .collect();
    scenario["cases"][1]["question"] = json!(question);
    scenario["cases"][1]["actions"] = json!(actions);
    let path = env.write("s.json", &scenario.to_string());
    env.ok(&["import", &path]);
    let pdf = env.file("long.pdf");
    env.ok(&["sheet", "--case", "k2", "--out", pdf.to_str().unwrap()]);

    let (pages, size) = pages_of(&pdf);
    assert_eq!(pages, 2);
    assert!(size.ends_with("(A4)"));
    let text = text_of(&pdf);
    assert!(
        text.contains(&folded(&question)),
        "the whole question, in order"
    );
    for n in 1..=20 {
        let action = format!("Actie {n}: bel de instantie en vraag naar de stand van zaken");
        assert!(text.contains(&action), "{action}");
    }
    assert!(
        text.contains("U kunt uw toestemming altijd intrekken."),
        "the end is there"
    );
}

#[test]
fn an_unknown_case_or_an_unwritable_path_leaves_no_file() {
    let env = Env::with_store();
    let path = env.write("s.json", &scenario_json().to_string());
    env.ok(&["import", &path]);
    let pdf = env.file("nope.pdf");
    let line = env.fails(&["sheet", "--case", "k99", "--out", pdf.to_str().unwrap()]);
    assert_eq!(line, "wijzer: onbekende kwestie: k99");
    assert!(!pdf.exists());

    // A folder that does not exist, and a "folder" that is a file.
    let missing = env.file("geen-map/blad.pdf");
    let line = env.fails(&["sheet", "--case", "k1", "--out", missing.to_str().unwrap()]);
    assert!(line.contains("niet te schrijven"), "{line}");
    let under_file = Path::new(&path).join("blad.pdf");
    let line = env.fails(&[
        "sheet",
        "--case",
        "k1",
        "--out",
        under_file.to_str().unwrap(),
    ]);
    assert!(line.contains("niet te schrijven"), "{line}");
    assert!(!line.contains("Anna"), "{line}");

    let mut names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["s.json", "wijzer.db", "wijzer.db.key"],
        "no file left behind"
    );
}

#[test]
fn letters_the_font_lacks_are_warned_about_without_naming_them() {
    let env = Env::with_store();
    let mut scenario = scenario_json();
    scenario["clients"][0]["name"] = json!("Ελένη Παππά");
    let path = env.write("s.json", &scenario.to_string());
    env.ok(&["import", &path]);
    let pdf = env.file("k1.pdf");
    let out = env.wijzer(&["sheet", "--case", "k1", "--out", pdf.to_str().unwrap()]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("staan niet in het lettertype"), "{stderr}");
    assert!(!stderr.contains('Ε') && !stderr.contains('λ'), "{stderr}");
    assert!(pdf.exists());
}

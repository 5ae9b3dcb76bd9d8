//! Build script of the core: refuses a shipped rule set (`assets/rules/*.toml`) that does not
//! parse or check, with file, line and reason, using the same parser the app uses at run time.

#[path = "src/rules/ruleset.rs"]
#[allow(dead_code)]
mod ruleset;

use std::path::Path;

fn check_rule_sets() {
    let dir = Path::new("assets/rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("assets/rules is part of the source tree")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    entries.sort();
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a readable rule file");
        let file = path.display().to_string();
        if let Err(e) = ruleset::RuleSet::from_toml(&file, &text) {
            // A build error that names file, line and reason.
            panic!("rule set refused: {e}");
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    check_rule_sets();
}

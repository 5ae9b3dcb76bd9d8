//! Contract rule files: any text is a rule set or one refusal with file, line and reason.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = wijzer::rules::ruleset::RuleSet::from_toml("fuzz.toml", text);
    }
});

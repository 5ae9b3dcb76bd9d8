//! The scenario import: any bytes, parsed, checked and scanned for look-alikes, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = wijzer::scenario::lookalike(text);
    if let Ok(scenario) = wijzer::scenario::parse(text) {
        let _ = wijzer::scenario::validate(&scenario, &wijzer::scenario::Known::default());
        let _ = wijzer::scenario::warnings(&scenario);
    }
});

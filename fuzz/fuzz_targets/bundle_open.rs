//! `bundle open`: any bytes, as an age file and as the zip inside one, are a checked bundle or
//! one refusal; never a panic, never an unbounded allocation. The seed corpus holds a real
//! bundle (sealed to ../shared's example municipality key, signed by the key below) and its zip.
#![no_main]

use libfuzzer_sys::fuzz_target;

const IDENTITY: &str = include_str!("../../../shared/examples/municipality-example.key");
/// The signing key of the store that made the seed bundle (`wijzer signing-key`).
const SIGNER: &str = "RWR6YMWD54Rm2sZdFL4c+88VAYodtzJnT9+ar6Atlj/RsxMom8/zvN/O";

fuzz_target!(|data: &[u8]| {
    let Ok(signer) = wijzer::bundle::signer_key(SIGNER) else {
        return;
    };
    let _ = wijzer::bundle::open(data, IDENTITY, "fuzz", &signer);
    let _ = wijzer::bundle::open_zip(data, &signer);
});

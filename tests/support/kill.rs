//! Rounds of SIGKILL in the middle of a stream of writes. The writer is the test binary itself,
//! started again with an environment variable set: it writes one by one and prints
//! `ack <id> <note>` after each commit. Shared by the core's tests and the app's (`#[path]`).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use rand::{Rng, SeedableRng};

/// An acknowledged write: its id and the note it carried.
pub type Ack = (i64, String);

/// Runs `rounds` rounds: this binary's test `test` again with `child_env` set to
/// `spec(round)`; after a random number of acknowledgements (1 to 25) and a random moment in
/// the next write, a SIGKILL. After each round `check(round, every ack so far)`. Returns every
/// acknowledged write.
pub fn kill_rounds(
    test: &str,
    child_env: &str,
    spec: impl Fn(usize) -> String,
    rounds: usize,
    seed: u64,
    mut check: impl FnMut(usize, &[Ack]),
) -> Vec<Ack> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut acknowledged: Vec<Ack> = Vec::new();
    let parse = |line: &str| -> Option<Ack> {
        let (id, note) = line.strip_prefix("ack ")?.split_once(' ')?;
        Some((id.parse().ok()?, note.to_string()))
    };
    for round in 0..rounds {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", test, "--nocapture", "--test-threads=1"])
            .env(child_env, spec(round))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let target = rng.gen_range(1..=25);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        while seen < target {
            let line = lines.next().expect("the writer stopped early").unwrap();
            if let Some(ack) = parse(&line) {
                acknowledged.push(ack);
                seen += 1;
            }
        }
        // Let it get into the next write, then kill it without warning.
        std::thread::sleep(std::time::Duration::from_micros(rng.gen_range(0..3000)));
        child.kill().unwrap();
        child.wait().unwrap();
        // Acks printed between our last read and the kill were acknowledged too.
        acknowledged.extend(lines.map_while(Result::ok).filter_map(|l| parse(&l)));
        check(round, &acknowledged);
    }
    assert!(
        acknowledged.len() >= rounds,
        "{} acknowledged",
        acknowledged.len()
    );
    acknowledged
}

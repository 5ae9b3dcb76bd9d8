//! Start-up and memory of the release app against an empty Tauri window built the same way:
//! each launched in turn on a virtual display, timed from launch to its first screen drawn (the
//! start-up probe, `WIJZER_STARTUP_PROBE`), with the peak resident memory of the program and
//! its WebKit processes summed.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{dist, root, target_dir, VirtualDisplay, BENCH_PASSPHRASE};

/// The cargo profile measured and shipped.
pub const PROFILE: &str = "dist";
/// Launches of each program (after one that is not counted).
pub const RUNS: usize = 15;

/// The medians of one measuring run, and each launch.
pub struct Figures {
    pub app_ms: f64,
    pub empty_ms: f64,
    pub app_kib: f64,
    pub empty_kib: f64,
    pub app_bytes: u64,
    pub empty_bytes: u64,
    pub deb_bytes: Option<u64>,
    runs: Vec<(Launch, Launch)>,
}

impl Figures {
    /// Every launch of the run, as a Markdown table.
    pub fn runs_table(&self) -> String {
        let mut out = String::from(
            "| run | empty window: first paint | peak memory | Wijzer: Vandaag drawn | peak memory |\n|---|---|---|---|---|\n",
        );
        for (i, (empty, app)) in self.runs.iter().enumerate() {
            out.push_str(&format!(
                "| {} | {:.0} ms | {:.1} MiB | {:.0} ms | {:.1} MiB |\n",
                i + 1,
                empty.ms,
                empty.peak_kib as f64 / 1024.0,
                app.ms,
                app.peak_kib as f64 / 1024.0
            ));
        }
        out
    }
}

/// `cargo xtask startup`: the measurement alone, printed (`bench` puts it in its table).
pub fn report() -> Result<(), String> {
    crate::setup(true)?;
    crate::gen("busy")?;
    let f = measure(RUNS)?;
    println!(
        "\nStart-up (medians of {RUNS}): Wijzer {:.0} ms to Vandaag drawn, the empty window {:.0} ms \
         to its first paint: {:.2}×.\nPeak memory, program and WebKit processes: Wijzer {:.1} MiB, \
         the empty window {:.1} MiB: {:.2}×.\nBinaries: Wijzer {:.2} MB, the empty window {:.2} MB.",
        f.app_ms,
        f.empty_ms,
        f.app_ms / f.empty_ms,
        f.app_kib / 1024.0,
        f.empty_kib / 1024.0,
        f.app_kib / f.empty_kib,
        f.app_bytes as f64 / 1e6,
        f.empty_bytes as f64 / 1e6,
    );
    if let Some(deb) = f.deb_bytes {
        println!(".deb: {:.2} MB", deb as f64 / 1e6);
    }
    println!("\n{}", f.runs_table());
    Ok(())
}

/// One launch: how long to the first screen drawn, and the peak memory.
#[derive(Clone, Copy)]
struct Launch {
    ms: f64,
    peak_kib: u64,
}

/// Builds both programs in release (profile `dist`, with the .deb) and launches each `runs`
/// times in turn on one virtual display; Wijzer opens a copy of the `busy` store.
pub fn measure(runs: usize) -> Result<Figures, String> {
    let built = dist::build(true)?;
    let work = target_dir().join("bench/startup");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let data = root().join("target/bench-data");
    for name in ["busy.db", "busy.db.key"] {
        std::fs::copy(data.join(name), work.join(name)).map_err(|e| format!("{name}: {e}"))?;
    }
    let display = VirtualDisplay::start()?;
    let app = |probe: &Path| {
        let mut cmd = Command::new(&built.app);
        cmd.env("WIJZER_STORE", work.join("busy.db"))
            .env("WIJZER_PASSPHRASE", BENCH_PASSPHRASE);
        launch(cmd, &display.name, probe, "vandaag")
    };
    let empty = |probe: &Path| launch(Command::new(&built.empty), &display.name, probe, "leeg");
    let probe = work.join("probe");
    // Not counted: the first of each brings the files into the page cache, and Wijzer's first
    // brings the copy's kept signals up to today.
    empty(&probe)?;
    app(&probe)?;
    let mut all = Vec::new();
    for i in 0..runs {
        let (e, a) = (empty(&probe)?, app(&probe)?);
        eprintln!(
            "start-up {}/{runs}: empty window {:.0} ms, {:.1} MiB; Wijzer {:.0} ms, {:.1} MiB",
            i + 1,
            e.ms,
            e.peak_kib as f64 / 1024.0,
            a.ms,
            a.peak_kib as f64 / 1024.0
        );
        all.push((e, a));
    }
    drop(display);
    let median = |pick: &dyn Fn(&(Launch, Launch)) -> f64| {
        let mut v: Vec<f64> = all.iter().map(pick).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    Ok(Figures {
        app_ms: median(&|r| r.1.ms),
        empty_ms: median(&|r| r.0.ms),
        app_kib: median(&|r| r.1.peak_kib as f64),
        empty_kib: median(&|r| r.0.peak_kib as f64),
        app_bytes: size(&built.app),
        empty_bytes: size(&built.empty),
        deb_bytes: built.deb.as_deref().map(size),
        runs: all,
    })
}

/// Launches `cmd` on `display` and waits for its probe; then, once it has stood for a second
/// and a half, sums the peak memory of it and its descendants and stops them all.
fn launch(mut cmd: Command, display: &str, probe: &Path, screen: &str) -> Result<Launch, String> {
    let _ = std::fs::remove_file(probe);
    cmd.env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("WIJZER_STARTUP_PROBE", probe)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let started = SystemTime::now();
    let mut child = cmd.spawn().map_err(|e| format!("{cmd:?}: {e}"))?;
    let drawn = wait_for_probe(probe, Duration::from_secs(60));
    let result = drawn.and_then(|(at, shown)| {
        if shown != screen {
            return Err(format!("het eerste scherm was '{shown}', niet '{screen}'"));
        }
        std::thread::sleep(Duration::from_millis(1500));
        let peak_kib = tree(child.id()).iter().map(|&pid| peak_kib(pid)).sum();
        let ms = at
            .duration_since(started)
            .map_err(|e| e.to_string())?
            .as_secs_f64()
            * 1000.0;
        Ok(Launch { ms, peak_kib })
    });
    stop(&mut child);
    result
}

/// The moment and the screen the probe names, once it is there.
pub fn wait_for_probe(probe: &Path, limit: Duration) -> Result<(SystemTime, String), String> {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        // A whole line, "<nanoseconds> <screen>\n": both programs rename it into place.
        if let Ok(text) = std::fs::read_to_string(probe) {
            let line = text
                .strip_suffix('\n')
                .and_then(|l| l.split_once(' '))
                .and_then(|(n, s)| Some((n.parse::<u64>().ok()?, s)));
            return match line {
                Some((nanos, screen)) => {
                    Ok((UNIX_EPOCH + Duration::from_nanos(nanos), screen.to_string()))
                }
                None => Err(format!("onleesbare meting: {text:?}")),
            };
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Err(format!(
        "geen eerste scherm binnen {} seconden",
        limit.as_secs()
    ))
}

/// `pid` and all its descendants (the WebKit web and network processes), from `/proc`.
pub fn tree(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let p: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // "pid (comm) state ppid …": comm may hold spaces and brackets.
            let ppid = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some((p, ppid))
        })
        .collect();
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(
            parents
                .iter()
                .filter(|(_, pp)| *pp == parent)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    found
}

/// A process's peak resident memory (`VmHWM`), in KiB.
fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Stops a launched program and whatever it started.
pub fn stop(child: &mut Child) {
    let pids = tree(child.id());
    for pid in pids.iter().rev() {
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
    }
    for _ in 0..50 {
        if matches!(child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    for pid in pids {
        if Path::new(&format!("/proc/{pid}")).exists() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    }
}

/// Where the release builds land.
pub fn profile_dir() -> PathBuf {
    target_dir().join(PROFILE)
}

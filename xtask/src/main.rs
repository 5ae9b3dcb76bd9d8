//! `cargo xtask`: the project's set-up, run and test commands, so that the README's two
//! commands work on a fresh Debian or Ubuntu machine with Rust, and can be run twice.
//!
//! - `cargo xtask run`: installs what the desktop app needs, makes a demo store (once) in
//!   `target/demo/` and starts the app on it.
//! - `cargo xtask test`: installs what every test needs, then runs formatting and lint checks,
//!   the core's tests, and the end-to-end tests of the real app under Xvfb.
//! - `cargo xtask bench`: every benchmark as one table in `target/bench/benchmarks.md`
//!   (`bench.rs`): the criterion medians with their ratio to the floor measured in the same
//!   group and run, start-up and memory of the release app against an empty window
//!   (`startup.rs`), the sizes, and each screen timed in the e2e.
//! - `cargo xtask startup`: only the start-up and memory part of `bench`, printed.
//! - `cargo xtask dist`: the installers (`dist.rs`) in `target/dist/installers/`;
//!   `cargo xtask dist-check`: the .deb installed in a clean Debian 12 root and started there.
//! - `cargo xtask fuzz [SECONDS]`: each fuzz target (scenario import, rule files, `bundle
//!   open`) over its kept corpus and then for SECONDS more (default 600); `test` runs it short.
//! - `cargo xtask crash [N]`: the app's save path killed N times (default 1000) in the middle
//!   of a stream of visits; `test` runs it with 100.
//! - `cargo xtask gen busy|org`: the data set as a store in `target/bench-data/`, made once
//!   (the import's time is printed) and kept for the benchmarks.
//! - `cargo xtask setup`: only the installing part.

mod bench;
mod dist;
mod startup;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Debian packages to build and run the desktop app.
const APP_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libsoup-3.0-dev",
    "libssl-dev",
];

/// Debian packages the tests use besides: a virtual display, the WebKit WebDriver and the real
/// peers of the file formats (age, minisign, poppler-utils, sqlite3).
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "webkit2gtk-driver",
    "xdotool",
    "age",
    "minisign",
    "poppler-utils",
    "sqlite3",
    "imagemagick",
    "unzip",
];

const TAURI_DRIVER_VERSION: &str = "2.1.0";
const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// The fuzz targets in `fuzz/`, each with its kept corpus in `fuzz/corpus/<target>/`.
const FUZZ_TARGETS: &[&str] = &["import", "rules", "bundle_open"];
/// How long `cargo xtask test` fuzzes each target beyond its corpus.
const FUZZ_SECONDS_IN_TEST: u32 = 20;

/// The passphrase of the demo store: made-up data, so a fixed, documented passphrase is fine.
const DEMO_PASSPHRASE: &str = "demo-wachtwoord";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup(true),
        Some("run") => run_app(),
        Some("test") => test(),
        Some("bench") => bench::bench(),
        Some("dist") => dist::dist(),
        Some("startup") => startup::report(),
        Some("dist-check") => dist::dist_check(),
        Some(command @ "gen") => match args.get(1).map(String::as_str) {
            Some(name @ ("busy" | "org")) => gen(name),
            _ => {
                eprintln!("gebruik: cargo xtask {command} busy|org");
                return ExitCode::from(2);
            }
        },
        Some("crash") => match args.get(1).map_or(Ok(1000), |s| s.parse::<u32>()) {
            Ok(kills) => crash(kills),
            Err(_) => {
                eprintln!("gebruik: cargo xtask crash [AANTAL]");
                return ExitCode::from(2);
            }
        },
        Some("fuzz") => match args.get(1).map_or(Ok(600), |s| s.parse::<u32>()) {
            Ok(seconds) => setup(true).and_then(|()| fuzz(seconds)),
            Err(_) => {
                eprintln!("gebruik: cargo xtask fuzz [SECONDEN]");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!(
                "gebruik: cargo xtask setup | run | test | bench | startup | dist | dist-check | fuzz [SECONDEN] | crash [AANTAL] | gen busy|org"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs a command, failing with its name when it fails.
fn run(mut cmd: Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    eprintln!("» {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("{shown} kon niet starten: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} mislukte ({status})"))
    }
}

/// Runs a test command, echoing its output, and adds up cargo's "test result" lines.
fn run_tests(mut cmd: Command, tally: &mut (u64, u64)) -> Result<(), String> {
    use std::io::BufRead;
    let shown = format!("{cmd:?}");
    eprintln!("» {shown}");
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("{shown} kon niet starten: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                let number = |word: &str| -> u64 {
                    rest.split(';')
                        .find_map(|part| part.trim().strip_suffix(word))
                        .and_then(|n| n.trim().rsplit(' ').next()?.parse().ok())
                        .unwrap_or(0)
                };
                tally.0 += number(" passed");
                tally.1 += number(" failed");
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} mislukte ({status})"))
    }
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `apt-get` as root, through sudo when needed.
fn apt_get(args: &[&str]) -> Command {
    let mut cmd = if is_root() {
        Command::new("apt-get")
    } else {
        let mut c = Command::new("sudo");
        c.arg("apt-get");
        c
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    cmd
}

/// Installs missing Debian packages (and tauri-driver for tests); does nothing when all are there.
fn setup(for_tests: bool) -> Result<(), String> {
    let mut wanted: Vec<&str> = APP_PACKAGES.to_vec();
    if for_tests {
        wanted.extend(TEST_PACKAGES);
    }
    let missing: Vec<&str> = wanted.into_iter().filter(|p| !installed(p)).collect();
    if !missing.is_empty() {
        if Command::new("dpkg-query")
            .arg("--version")
            .output()
            .is_err()
        {
            return Err(format!(
                "dit is geen Debian- of Ubuntu-systeem; installeer zelf: {}",
                missing.join(" ")
            ));
        }
        run(apt_get(&["update", "-qq"]))?;
        let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
        install.extend(&missing);
        run(apt_get(&install))?;
    }
    if for_tests {
        for (tool, version) in [
            ("tauri-driver", TAURI_DRIVER_VERSION),
            ("cargo-fuzz", CARGO_FUZZ_VERSION),
        ] {
            if !cargo_tool_installed(tool, version) {
                let mut cmd = cargo();
                cmd.args(["install", tool, "--version", version, "--locked"]);
                run(cmd)?;
            }
        }
    }
    Ok(())
}

fn cargo_tool_installed(tool: &str, version: &str) -> bool {
    cargo()
        .args(["install", "--list"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(&format!("{tool} v{version}:")))
        .unwrap_or(false)
}

/// Runs every fuzz target over its kept corpus, then `seconds` more of fuzzing. New inputs go
/// to a scratch folder in `target/`, so the kept corpus changes only when someone adds to it.
/// libFuzzer builds with the project's one (stable) toolchain: `RUSTC_BOOTSTRAP` lets cargo
/// fuzz pass its coverage flags, and no sanitizer is asked for (`-s none`).
fn fuzz(seconds: u32) -> Result<(), String> {
    let dir = root().join("fuzz");
    let fuzz_cmd = |args: &[&str]| {
        let mut cmd = cargo();
        cmd.current_dir(&dir)
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz"])
            .args(args);
        cmd
    };
    run(fuzz_cmd(&["build", "-s", "none", "-O"]))?;
    for target in FUZZ_TARGETS {
        let scratch = target_dir().join("fuzz-scratch").join(target);
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
        let kept = dir.join("corpus").join(target);
        let time = format!("-max_total_time={seconds}");
        let mut cmd = fuzz_cmd(&["run", "-s", "none", "-O", target]);
        cmd.arg(&scratch).arg(&kept).args([
            "--",
            time.as_str(),
            "-rss_limit_mb=4096",
            "-max_len=1048576",
            "-print_final_stats=1",
        ]);
        run(cmd)?;
        eprintln!("fuzz {target}: {seconds} s zonder crash");
    }
    Ok(())
}

/// The app's save path killed `kills` times in the middle of a stream of visits (the test
/// `cargo xtask test` runs with 100).
fn crash(kills: u32) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.args([
        "test",
        "-p",
        "wijzer-app",
        "--test",
        "crash",
        "--",
        "--nocapture",
    ])
    .env("WIJZER_KILLS", kills.to_string());
    run(cmd)
}

/// The passphrase of the measuring data sets (as `benches/common` opens them).
const BENCH_PASSPHRASE: &str = "bench-wachtwoord";

/// The data set `name` of DESIGN.md as a store, `target/bench-data/<name>.db` in the clone
/// (where `benches/common` looks for it): made once with the command line (release build),
/// which prints how long the import took; kept afterwards.
fn gen(name: &str) -> Result<(), String> {
    let store = root().join("target/bench-data").join(format!("{name}.db"));
    if store.exists() {
        println!("{name}: al gemaakt, {}", store.display());
        return Ok(());
    }
    let mut cmd = cargo();
    cmd.args(["run", "--release", "-q", "-p", "wijzer", "--", "--store"])
        .arg(&store)
        .args(["demo", "--size", name])
        .env("WIJZER_PASSPHRASE", BENCH_PASSPHRASE);
    run(cmd)
}

/// Builds the core's command line and the desktop app.
fn build_app() -> Result<(), String> {
    let mut cmd = cargo();
    cmd.args(["build", "-p", "wijzer", "-p", "wijzer-app"]);
    run(cmd)
}

/// Makes the demo store in `target/demo/` once; returns its path.
fn prepare_demo() -> Result<PathBuf, String> {
    let dir = target_dir().join("demo");
    let store = dir.join("wijzer.db");
    if !store.exists() {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let mut demo = Command::new(target_dir().join("debug/wijzer"));
        demo.arg("--store")
            .arg(&store)
            .arg("demo")
            .env("WIJZER_PASSPHRASE", DEMO_PASSPHRASE);
        run(demo)?;
    }
    Ok(store)
}

/// The desktop app on the demo store.
fn app_on_demo(store: &Path) -> Command {
    let mut app = Command::new(target_dir().join("debug/wijzer-app"));
    app.env("WIJZER_STORE", store)
        .env("WIJZER_PASSPHRASE", DEMO_PASSPHRASE);
    app
}

fn run_app() -> Result<(), String> {
    setup(false)?;
    build_app()?;
    let store = prepare_demo()?;
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err("geen beeldscherm gevonden (DISPLAY of WAYLAND_DISPLAY); start dit vanuit een bureaubladsessie".into());
    }
    eprintln!(
        "Wijzer start op de demo-opslag {} (wachtwoord: {DEMO_PASSPHRASE}).",
        store.display()
    );
    run(app_on_demo(&store))
}

/// A virtual display of our own (`Xvfb` on a free display number), stopped when dropped. The
/// one way xtask makes a display: `xvfb-run` would also need `xauth`, which a bare Debian lacks.
struct VirtualDisplay {
    xvfb: std::process::Child,
    name: String,
}

impl VirtualDisplay {
    fn start() -> Result<Self, String> {
        let number = (90..200)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                    && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .ok_or("geen vrij X-scherm")?;
        let name = format!(":{number}");
        let xvfb = Command::new("Xvfb")
            .args([
                name.as_str(),
                "-screen",
                "0",
                "1280x900x24",
                "-nolisten",
                "tcp",
            ])
            .spawn()
            .map_err(|e| format!("Xvfb start niet: {e}"))?;
        let display = VirtualDisplay { xvfb, name };
        let socket = format!("/tmp/.X11-unix/X{number}");
        for _ in 0..100 {
            if Path::new(&socket).exists() {
                return Ok(display);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(format!(
            "Xvfb {} kwam niet op binnen 10 seconden",
            display.name
        ))
    }
}

impl Drop for VirtualDisplay {
    /// Asks Xvfb to stop (SIGTERM), so that it removes its lock file and socket and the display
    /// number is free for the next run; kills it if it has not stopped within five seconds.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.xvfb.id().to_string()])
            .status();
        for _ in 0..50 {
            if matches!(self.xvfb.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// What `cargo xtask run` starts, started the same way on a virtual display: the window must
/// appear, and a screenshot of the display is kept in `target/e2e/run-window.png`.
fn check_run_window() -> Result<(), String> {
    let store = prepare_demo()?;
    let display = VirtualDisplay::start()?;
    let display = display.name.as_str();
    let mut app = app_on_demo(&store)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .spawn()
        .map_err(|e| format!("wijzer-app start niet: {e}"))?;
    let found = (0..120).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(500));
        Command::new("xdotool")
            .args(["search", "--name", "^Wijzer$"])
            .env("DISPLAY", display)
            .output()
            .map(|o| o.status.success() && !o.stdout.is_empty())
            .unwrap_or(false)
    });
    let shot = if found {
        // Let the page load and paint before the picture is taken.
        std::thread::sleep(std::time::Duration::from_secs(3));
        let out = target_dir().join("e2e");
        std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        let mut shot = Command::new("import");
        shot.args(["-window", "root"])
            .arg(out.join("run-window.png"))
            .env("DISPLAY", display);
        run(shot)
    } else {
        Ok(())
    };
    let _ = app.kill();
    let _ = app.wait();
    shot?;
    if found {
        eprintln!("Het venster van `cargo xtask run` verscheen; zie target/e2e/run-window.png");
        Ok(())
    } else {
        Err("het venster 'Wijzer' verscheen niet binnen 60 seconden".into())
    }
}

fn test() -> Result<(), String> {
    setup(true)?;
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    run(fmt)?;
    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    run(clippy)?;
    let mut tally = (0, 0);
    let mut tests = cargo();
    tests.args(["test", "--workspace", "--exclude", "wijzer-e2e"]);
    run_tests(tests, &mut tally)?;
    build_app()?;
    let display = VirtualDisplay::start()?;
    let mut e2e = cargo();
    e2e.args(["test", "-p", "wijzer-e2e", "--", "--test-threads=1"])
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .env("WIJZER_TARGET_DIR", target_dir());
    run_tests(e2e, &mut tally)?;
    drop(display);
    fuzz(FUZZ_SECONDS_IN_TEST)?;
    tally.0 += FUZZ_TARGETS.len() as u64;
    check_run_window()?;
    tally.0 += 1;
    println!("{} passed, {} failed", tally.0, tally.1);
    Ok(())
}

//! `cargo xtask bench`: every benchmark of the project as one table (figure, target, floor,
//! ratio) in `target/bench/benchmarks.md`: the criterion groups, the start-up and memory of the
//! release app against an empty Tauri window, the sizes, and each screen timed in the e2e.

use std::path::PathBuf;
use std::process::Command;

use crate::{cargo, root, run, startup, target_dir};

/// One line of the table.
struct Row {
    name: String,
    figure: String,
    target: String,
    floor: String,
    ratio: String,
    met: Option<bool>,
}

impl Row {
    /// A figure without a floor, against a limit (`None`: reported only).
    fn alone(name: String, figure: String, target: Option<(String, bool)>) -> Row {
        let (target, met) = match target {
            Some((t, m)) => (t, Some(m)),
            None => ("—".into(), None),
        };
        Row {
            name,
            figure,
            target,
            floor: "—".into(),
            ratio: "—".into(),
            met,
        }
    }
}

/// Runs every benchmark and writes the table; prints each median with its ratio to its floor.
pub fn bench() -> Result<(), String> {
    let started = std::time::SystemTime::now();
    // Figures measured once are written anew by this run.
    // (Where the benchmarks keep them: beside `target/bench-data/`, see benches/common.)
    if let Ok(entries) = std::fs::read_dir(root().join("target/bench")) {
        for file in entries.flatten().map(|e| e.path()) {
            if file.extension().is_some_and(|e| e == "once") {
                let _ = std::fs::remove_file(file);
            }
        }
    }
    crate::setup(true)?;
    crate::gen("busy")?;
    let mut rows = Vec::new();
    // The release builds first: the start-up is measured on a quiet machine, before criterion.
    let figures = startup::measure(startup::RUNS)?;
    rows.extend(startup_rows(&figures));
    rows.extend(screen_rows()?);

    let mut cmd = cargo();
    cmd.args(["bench", "-p", "wijzer"]);
    run(cmd)?;
    rows.extend(criterion_rows(started)?);

    let out_dir = root().join("target/bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    // What the benchmarks measured once rather than as a criterion median (a first call of a
    // new day, the kept signals brought up to the day), as they wrote it.
    let mut once = String::new();
    if let Ok(entries) = std::fs::read_dir(&out_dir) {
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "once"))
            .collect();
        files.sort();
        for file in files {
            once.push_str(&std::fs::read_to_string(&file).unwrap_or_default());
        }
    }
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(root())
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    let mut table = String::from(
        "| benchmark | figure | target | floor | ratio to floor | met |\n|---|---|---|---|---|---|\n",
    );
    for row in &rows {
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            row.name,
            row.figure,
            row.target,
            row.floor,
            row.ratio,
            row.met.map_or("—", |m| if m { "yes" } else { "no" }),
        ));
    }
    let report = format!(
        "# Benchmarks\n\nCommit {}; medians, each with the floor measured in the same run. A \
         shared, noisy machine: compare ratios, not times.\n\n{table}\n## Measured once\n\n{once}\n\
         ## Start-up runs\n\n{}",
        commit.trim(),
        figures.runs_table(),
    );
    let file = out_dir.join("benchmarks.md");
    std::fs::write(&file, report).map_err(|e| format!("{}: {e}", file.display()))?;
    println!("\nThe table: {}", file.display());
    Ok(())
}

/// Start-up, peak memory and sizes of the release app against the empty window.
fn startup_rows(f: &startup::Figures) -> Vec<Row> {
    const MB: f64 = 1_000_000.0;
    let mut rows = vec![
        Row {
            name: "start-up / launch to Vandaag drawn with its data (busy)".into(),
            figure: format!("{:.0} ms", f.app_ms),
            target: "≤ 1.3× floor".into(),
            floor: format!("{:.0} ms (empty window, first paint)", f.empty_ms),
            ratio: format!("{:.2}×", f.app_ms / f.empty_ms),
            met: Some(f.app_ms / f.empty_ms <= 1.3),
        },
        Row {
            name: "start-up / peak memory, app + WebKit processes".into(),
            figure: format!("{:.1} MiB", f.app_kib / 1024.0),
            target: "≤ 1.2× floor".into(),
            floor: format!("{:.1} MiB (empty window)", f.empty_kib / 1024.0),
            ratio: format!("{:.2}×", f.app_kib / f.empty_kib),
            met: Some(f.app_kib / f.empty_kib <= 1.2),
        },
        Row {
            name: "size / release binary".into(),
            figure: format!("{:.1} MB", f.app_bytes as f64 / MB),
            target: "≤ 20 MB".into(),
            floor: format!("{:.1} MB (empty window)", f.empty_bytes as f64 / MB),
            ratio: format!("{:.2}×", f.app_bytes as f64 / f.empty_bytes as f64),
            met: Some(f.app_bytes as f64 <= 20.0 * MB),
        },
    ];
    if let Some(deb) = f.deb_bytes {
        rows.push(Row::alone(
            "size / .deb".into(),
            format!("{:.2} MB", deb as f64 / MB),
            Some(("≤ 10 MB".into(), deb as f64 <= 10.0 * MB)),
        ));
    }
    rows
}

/// Each screen of the release app on the `busy` store, timed through the WebDriver by the
/// e2e (`tests/e2e/tests/busy.rs`): reported against the 100 ms target.
fn screen_rows() -> Result<Vec<Row>, String> {
    let mut build = cargo();
    build.args(["build", "-p", "wijzer"]);
    run(build)?;
    let display = crate::VirtualDisplay::start()?;
    let mut e2e = cargo();
    e2e.args([
        "test",
        "-p",
        "wijzer-e2e",
        "--test",
        "busy",
        "--",
        "--test-threads=1",
    ])
    .env("DISPLAY", &display.name)
    .env_remove("WAYLAND_DISPLAY")
    .env("WIJZER_TARGET_DIR", target_dir())
    .env("WIJZER_APP_PROFILE", startup::PROFILE);
    run(e2e)?;
    drop(display);
    let file = target_dir().join("e2e/screen-times.md");
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    // Lines "- #/tijd: median 12.3 ms, slowest 20.1 ms".
    let rows = text
        .lines()
        .filter_map(|line| {
            let (screen, rest) = line.strip_prefix("- #/")?.split_once(": median ")?;
            let median: f64 = rest.split(' ').next()?.parse().ok()?;
            Some(Row::alone(
                format!("screen in the release app, e2e (busy) / #/{screen}"),
                format!("{median:.1} ms"),
                Some(("< 100 ms".into(), median < 100.0)),
            ))
        })
        .collect();
    Ok(rows)
}

/// Criterion's medians of this run, by group, each with its ratio to the group's floor (the
/// benchmark named `floor: …`).
fn criterion_rows(started: std::time::SystemTime) -> Result<Vec<Row>, String> {
    let criterion = target_dir().join("criterion");
    let mut groups: Vec<PathBuf> = std::fs::read_dir(&criterion)
        .map_err(|e| format!("{}: {e}", criterion.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "report"))
        .collect();
    groups.sort();
    let mut table = Vec::new();
    println!("\nMedians (criterion), with the ratio to the floor measured in the same run:");
    for group in groups {
        let mut rows = Vec::new();
        for entry in std::fs::read_dir(&group)
            .map_err(|e| e.to_string())?
            .flatten()
        {
            let dir = entry.path();
            let read = |name: &str| -> Option<serde_json::Value> {
                let text = std::fs::read_to_string(dir.join("new").join(name)).ok()?;
                serde_json::from_str(&text).ok()
            };
            // Only what this run measured: a benchmark renamed or removed leaves its old results.
            let fresh = std::fs::metadata(dir.join("new").join("estimates.json"))
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= started);
            let (true, Some(meta), Some(estimates)) =
                (fresh, read("benchmark.json"), read("estimates.json"))
            else {
                continue;
            };
            let name = meta["function_id"].as_str().unwrap_or_default().to_string();
            let median = estimates["median"]["point_estimate"]
                .as_f64()
                .unwrap_or(f64::NAN);
            rows.push((name, median));
        }
        let floor = rows
            .iter()
            .find(|(n, _)| n.starts_with("floor"))
            .map(|(_, m)| *m);
        if rows.is_empty() {
            continue;
        }
        let group_name = group
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("  {group_name}");
        rows.sort_by(|a, b| a.1.total_cmp(&b.1));
        for (name, median) in rows {
            let ratio = floor.map(|f| median / f);
            let shown = ratio.map_or(String::new(), |r| format!("  ({r:.1}× floor)"));
            println!("    {name:<28} {:>12}{shown}", human(median));
            if name.starts_with("floor") {
                continue;
            }
            let target = target_of(&group_name, &name);
            let met = match (target, ratio) {
                (Some(Target::Under(limit)), _) => Some(median < limit),
                (Some(Target::FloorTimes(limit)), Some(r)) => Some(r <= limit),
                _ => None,
            };
            table.push(Row {
                name: format!("{group_name} / {name}"),
                figure: human(median),
                target: target.map_or("—".into(), |t| t.to_string()),
                floor: floor.map_or("—".into(), human),
                ratio: ratio.map_or("—".into(), |r| format!("{r:.2}×")),
                met,
            });
        }
    }
    Ok(table)
}

/// What a benchmark must stay under: a time, or a multiple of its group's floor.
#[derive(Clone, Copy)]
enum Target {
    Under(f64),
    FloorTimes(f64),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Under(nanos) => write!(f, "< {}", human(*nanos)),
            Target::FloorTimes(times) => write!(f, "≤ {times}× floor"),
        }
    }
}

/// The targets of the issues and DESIGN.md, by criterion group and benchmark.
fn target_of(group: &str, name: &str) -> Option<Target> {
    const MS: f64 = 1e6;
    Some(match (group, name) {
        ("rules-busy", "evaluate") => Target::Under(20.0 * MS),
        ("sheet" | "sheet-busy", _) => Target::Under(10.0 * MS),
        ("report-busy", "whole export") => Target::Under(200.0 * MS),
        ("report-busy", _) => Target::Under(50.0 * MS),
        ("report-org", _) => Target::Under(2_000.0 * MS),
        ("screens-busy", _) => Target::Under(50.0 * MS),
        ("screens-org", _) => Target::Under(200.0 * MS),
        ("visit-busy", _) => Target::Under(5.0 * MS),
        (g, "sqlcipher") if g.starts_with("cipher-") => Target::FloorTimes(1.3),
        _ => return None,
    })
}

fn human(nanos: f64) -> String {
    if nanos >= 1e9 {
        format!("{:.2} s", nanos / 1e9)
    } else if nanos >= 1e6 {
        format!("{:.2} ms", nanos / 1e6)
    } else if nanos >= 1e3 {
        format!("{:.1} µs", nanos / 1e3)
    } else {
        format!("{nanos:.0} ns")
    }
}

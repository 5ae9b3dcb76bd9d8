//! `cargo xtask dist`: Wijzer's installers from the Tauri bundler (release build, profile
//! `dist`), gathered in `target/dist/installers/`, and the empty window built the same way;
//! `cargo xtask dist-check`: the .deb installed with apt in a clean Debian 12 root and started
//! there on a demo store under Xvfb.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::startup::{self, profile_dir, PROFILE};
use crate::{cargo, root, run, target_dir, VirtualDisplay, DEMO_PASSPHRASE};

/// The Tauri command line that bundles (`cargo tauri`), installed by `cargo install`.
const TAURI_CLI_VERSION: &str = "2.12.4";

/// What a release build made.
pub struct Built {
    pub app: PathBuf,
    pub empty: PathBuf,
    pub deb: Option<PathBuf>,
}

/// Installs the Tauri command line when it is missing (a quarter of an hour to compile, once).
fn tauri_cli() -> Result<(), String> {
    if !crate::cargo_tool_installed("tauri-cli", TAURI_CLI_VERSION) {
        let mut cmd = cargo();
        cmd.args([
            "install",
            "tauri-cli",
            "--version",
            TAURI_CLI_VERSION,
            "--locked",
        ]);
        run(cmd)?;
    }
    Ok(())
}

/// `cargo tauri build` of the package in `dir` with the `dist` profile, making `bundles` (or
/// none).
fn tauri_build(dir: &Path, bundles: Option<&str>) -> Command {
    let mut cmd = cargo();
    cmd.current_dir(dir).args(["tauri", "build", "--ci"]);
    match bundles {
        Some(b) => cmd.args(["--bundles", b]),
        None => cmd.arg("--no-bundle"),
    };
    cmd.args(["--", "--profile", PROFILE]);
    cmd
}

/// The installers' folder.
fn installers() -> PathBuf {
    target_dir().join("dist/installers")
}

/// Both programs in release; with `deb`, Wijzer's .deb too, copied to `target/dist/installers/`
/// under Debian's own name (`wijzer_<version>_<arch>.deb`).
pub fn build(deb: bool) -> Result<Built, String> {
    crate::setup(false)?;
    tauri_cli()?;
    run(tauri_build(&root().join("src-tauri"), deb.then_some("deb")))?;
    run(tauri_build(&root().join("tools/empty-window"), None))?;
    let deb = if deb {
        let made = newest(&profile_dir().join("bundle/deb"), ".deb")?;
        let name = made
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("de .deb heeft geen naam")?
            .to_lowercase();
        std::fs::create_dir_all(installers()).map_err(|e| e.to_string())?;
        let kept = installers().join(name);
        std::fs::copy(&made, &kept).map_err(|e| format!("{}: {e}", made.display()))?;
        Some(kept)
    } else {
        None
    };
    Ok(Built {
        app: profile_dir().join("wijzer-app"),
        empty: profile_dir().join("wijzer-empty-window"),
        deb,
    })
}

/// The newest file in `dir` whose name ends in `ending`.
fn newest(dir: &Path, ending: &str) -> Result<PathBuf, String> {
    std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(ending))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .ok_or_else(|| format!("geen {ending} in {}", dir.display()))
}

/// `cargo xtask dist`: the .deb and the AppImage (which the bundler can only make with
/// linuxdeploy, fetched from github.com the first time), and the sizes.
pub fn dist() -> Result<(), String> {
    crate::setup(false)?;
    tauri_cli()?;
    // The AppImage first: the bundler marks the program it packs with the kind of package,
    // and the program left in `target/dist/` is then the .deb's.
    let appimage = run(tauri_build(&root().join("src-tauri"), Some("appimage")))
        .and_then(|()| newest(&profile_dir().join("bundle/appimage"), ".AppImage"));
    let built = build(true)?;
    let mb = |p: &Path| std::fs::metadata(p).map_or(0.0, |m| m.len() as f64 / 1e6);
    println!("\nIn {}:", installers().display());
    if let Some(deb) = &built.deb {
        println!("  {}  {:.2} MB", file_name(deb), mb(deb));
    }
    let appimage_made = match appimage {
        Ok(made) => {
            let kept = installers().join(file_name(&made));
            std::fs::copy(&made, &kept).map_err(|e| e.to_string())?;
            println!("  {}  {:.2} MB", file_name(&kept), mb(&kept));
            true
        }
        Err(e) => {
            eprintln!(
                "  AppImage niet gemaakt: {e}\n  (de Tauri-bundelaar haalt linuxdeploy en de \
                 AppImage-runtime van github.com; zonder toegang daartoe lukt dat niet)"
            );
            false
        }
    };
    println!(
        "Programma's (profiel {PROFILE}): {} {:.1} MB, leeg venster {:.1} MB",
        built.app.display(),
        mb(&built.app),
        mb(&built.empty)
    );
    println!(
        "Windows (.msi) en macOS (.dmg): `cargo tauri build` in src-tauri/ op die systemen \
         (tauri.windows.conf.json, tauri.macos.conf.json)."
    );
    if !appimage_made {
        eprintln!("Alleen de .deb is gemaakt.");
    }
    Ok(())
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Bind mounts into the check's root, undone (lazily, innermost first) when dropped.
struct Mounts(Vec<PathBuf>);

impl Mounts {
    fn bind(&mut self, from: &Path, to: &Path) -> Result<(), String> {
        std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
        run({
            let mut c = Command::new("mount");
            c.arg("--bind").arg(from).arg(to);
            c
        })?;
        self.0.push(to.to_path_buf());
        Ok(())
    }
}

impl Drop for Mounts {
    fn drop(&mut self) {
        for m in self.0.iter().rev() {
            let _ = Command::new("umount").arg("-l").arg(m).status();
        }
    }
}

/// A command run inside the root, with an empty environment but for `env`.
fn in_root(root: &Path, script: &str, env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new("chroot");
    cmd.arg(root).args(["/usr/bin/env", "-i"]);
    for (k, v) in [
        ("HOME", "/root"),
        (
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ),
        ("LANG", "C.UTF-8"),
        ("DEBIAN_FRONTEND", "noninteractive"),
    ]
    .iter()
    .chain(env)
    {
        cmd.arg(format!("{k}={v}"));
    }
    cmd.args(["/bin/sh", "-c", script]);
    cmd
}

/// `cargo xtask dist-check`: a clean Debian 12 root (debootstrap, kept as a tar in
/// `target/dist-check/` and unpacked anew each time), the .deb of `cargo xtask dist` installed
/// there with `apt install ./wijzer_….deb`, and the installed program started on a demo store on
/// a virtual display: it must draw Vandaag. A screenshot is kept in
/// `target/e2e/deb-geinstalleerd.png`.
pub fn dist_check() -> Result<(), String> {
    if !crate::is_root() {
        return Err("dist-check maakt een Debian-omgeving met chroot: start het als root".into());
    }
    let deb = newest(&installers(), ".deb")
        .map_err(|_| "geen .deb gevonden: maak de installers eerst met `cargo xtask dist`")?;
    let work = target_dir().join("dist-check");
    let base = work.join("debian12.tar");
    let debian = work.join("debian12");
    let _ = Command::new("umount")
        .arg("-R")
        .arg("-l")
        .arg(&debian)
        .status();
    if !base.exists() {
        if !crate::installed("debootstrap") {
            run(crate::apt_get(&["install", "-y", "-qq", "debootstrap"]))?;
        }
        let _ = std::fs::remove_dir_all(&debian);
        let mut boot = Command::new("debootstrap");
        boot.args(["--variant=minbase", "bookworm"]).arg(&debian);
        if let Some(mirror) = debian_mirror() {
            boot.arg(mirror);
        }
        run(boot)?;
        let partial = work.join("debian12.tar.deel");
        run({
            let mut c = Command::new("tar");
            c.arg("-C").arg(&debian).arg("-cf").arg(&partial).arg(".");
            c
        })?;
        std::fs::rename(&partial, &base).map_err(|e| e.to_string())?;
    }
    let _ = std::fs::remove_dir_all(&debian);
    std::fs::create_dir_all(&debian).map_err(|e| e.to_string())?;
    run({
        let mut c = Command::new("tar");
        c.arg("-C").arg(&debian).arg("-xf").arg(&base);
        c
    })?;
    // The root uses this machine's package mirror and trusts what it trusts.
    let sources = Path::new("/etc/apt/sources.list.d/debian.sources");
    if sources.exists() {
        std::fs::copy(
            sources,
            debian.join("etc/apt/sources.list.d/debian.sources"),
        )
        .map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(debian.join("etc/apt/sources.list"));
    }
    for file in ["/etc/resolv.conf", "/etc/ssl/certs/ca-certificates.crt"] {
        let _ = std::fs::copy(file, debian.join(file.trim_start_matches('/')));
    }
    let tmp = debian.join("tmp");
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let deb_name = file_name(&deb);
    std::fs::copy(&deb, tmp.join(&deb_name)).map_err(|e| e.to_string())?;
    // The demo store, made by this commit's command line (the .deb holds only the app).
    let mut cli = cargo();
    cli.args(["build", "-p", "wijzer"]);
    run(cli)?;
    let demo = tmp.join("demo");
    std::fs::create_dir_all(&demo).map_err(|e| e.to_string())?;
    let mut make = Command::new(target_dir().join("debug/wijzer"));
    make.arg("--store")
        .arg(demo.join("wijzer.db"))
        .arg("demo")
        .env("WIJZER_PASSPHRASE", DEMO_PASSPHRASE);
    run(make)?;

    let display = VirtualDisplay::start()?;
    let mut mounts = Mounts(Vec::new());
    for dir in ["proc", "sys", "dev", "tmp/.X11-unix"] {
        mounts.bind(&Path::new("/").join(dir), &debian.join(dir))?;
    }
    run(in_root(
        &debian,
        &format!("apt-get update -qq && cd /tmp && apt install -y -q ./{deb_name}"),
        &[],
    ))?;
    let program = Command::new("chroot")
        .arg(&debian)
        .args(["dpkg", "-L", "wijzer"])
        .output()
        .map_err(|e| e.to_string())?;
    let listed = String::from_utf8_lossy(&program.stdout);
    let binary = listed
        .lines()
        .find(|l| l.starts_with("/usr/bin/"))
        .ok_or("het pakket wijzer zet geen programma in /usr/bin")?
        .to_string();
    eprintln!("Geïnstalleerd: {binary}");
    let mut app = in_root(
        &debian,
        &format!("exec {binary}"),
        &[
            ("DISPLAY", display.name.as_str()),
            ("WIJZER_STORE", "/tmp/demo/wijzer.db"),
            ("WIJZER_PASSPHRASE", DEMO_PASSPHRASE),
            ("WIJZER_STARTUP_PROBE", "/tmp/opstart"),
        ],
    )
    .spawn()
    .map_err(|e| format!("{binary} start niet: {e}"))?;
    let drawn = startup::wait_for_probe(&tmp.join("opstart"), Duration::from_secs(90));
    let shot = target_dir().join("e2e/deb-geinstalleerd.png");
    if drawn.is_ok() {
        std::thread::sleep(Duration::from_secs(2));
        let _ = std::fs::create_dir_all(target_dir().join("e2e"));
        let mut import = Command::new("import");
        import
            .args(["-window", "root"])
            .arg(&shot)
            .env("DISPLAY", &display.name);
        let _ = run(import);
    }
    startup::stop(&mut app);
    drop(mounts);
    drop(display);
    let (_, screen) = drawn?;
    if screen != "vandaag" {
        return Err(format!(
            "het geïnstalleerde programma toonde '{screen}' in plaats van Vandaag"
        ));
    }
    println!(
        "{deb_name} is met apt geïnstalleerd in een schone Debian 12 en {binary} tekende \
         Vandaag op de demo-opslag; zie {}",
        shot.display()
    );
    Ok(())
}

/// This machine's Debian mirror, as its apt sources name it.
fn debian_mirror() -> Option<String> {
    let text = std::fs::read_to_string("/etc/apt/sources.list.d/debian.sources").ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("URIs:"))
        .and_then(|u| u.split_whitespace().next())
        .map(str::to_string)
}

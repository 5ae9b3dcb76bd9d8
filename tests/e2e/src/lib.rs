//! The harness for the end-to-end tests: the real app under Xvfb through tauri-driver and
//! WebKitWebDriver, driven as a person drives it: controls found by their visible Dutch names
//! and `<label>`s, every click, Tab, Enter or shortcut counted, a screenshot per screen in
//! `target/e2e/`, axe-core run on every screen, and a scan for typed text outside the store.

#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

use std::cell::Cell;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant, SystemTime};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

pub use fantoccini::key::Key;

/// Where cargo builds; the command line is taken from its `debug/`, the app from the folder of
/// `WIJZER_APP_PROFILE` (`debug` unless set: `cargo xtask bench` times the release build).
pub fn target_dir() -> PathBuf {
    std::env::var_os("WIJZER_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// The folder beside the clone with the shared examples.
pub fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Runs a story with a time limit, so that a hung driver fails the test instead of CI.
pub async fn within<F: std::future::Future<Output = ()>>(minutes: u64, story: F) {
    tokio::time::timeout(Duration::from_secs(minutes * 60), story)
        .await
        .expect("the story finished in time");
}

/// The example municipality's age recipient (its public key), from `shared/examples`.
pub fn municipality_key() -> String {
    std::fs::read_to_string(shared().join("examples/municipality-example.key"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string()
}

/// A store with the shared scenario in `folder`, made with the command line.
pub fn store_with_scenario(folder: &Folder, passphrase: &str) {
    folder.wijzer(&["init"], passphrase);
    let scenario = shared().join("examples/scenario.json");
    folder.wijzer(&["import", scenario.to_str().unwrap()], passphrase);
}

/// Nothing typed is found outside the encrypted store, besides the files the supporter chose to
/// save (`chosen`: a sheet, a report, an inzage).
pub fn assert_nothing_leaked(folder: &Folder, markers: &[&str], chosen: &[&Path]) {
    let found: Vec<String> = folder
        .files_holding(markers)
        .into_iter()
        .filter(|hit| {
            !chosen
                .iter()
                .any(|c| hit.starts_with(&format!("{} holds", c.display())))
        })
        .collect();
    assert!(found.is_empty(), "typed text outside the store: {found:#?}");
}

/// One test's world: its store, and the home, data, cache, config and temp folders the app and
/// WebKit see, all under one folder that is scanned afterwards.
pub struct Folder {
    pub root: PathBuf,
    pub started: SystemTime,
}

impl Folder {
    pub fn new(name: &str) -> Folder {
        let root = std::env::temp_dir().join(format!("wijzer-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for sub in ["home", "data", "cache", "config", "tmp", "store", "bin"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        // The system's "open this file" (xdg-open), standing in for the PDF viewer: it notes
        // what it was asked to open, so a test can check that the app asked for the right file.
        let opener = root.join("bin/xdg-open");
        std::fs::write(
            &opener,
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> \"$(dirname \"$0\")/../opened.txt\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&opener, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        Folder {
            root,
            started: SystemTime::now(),
        }
    }

    pub fn store(&self) -> PathBuf {
        self.root.join("store/wijzer.db")
    }

    /// Where the supporter saves what they take out of the app (a sheet, a report, an inzage).
    pub fn documents(&self) -> PathBuf {
        self.root.join("home")
    }

    /// The files the app asked the system to open (in the PDF viewer), in order.
    pub fn opened(&self) -> Vec<PathBuf> {
        std::fs::read_to_string(self.root.join("opened.txt"))
            .unwrap_or_default()
            .lines()
            .map(PathBuf::from)
            .collect()
    }

    fn env(&self, cmd: &mut Command) {
        cmd.env("WIJZER_STORE", self.store())
            .env("HOME", self.root.join("home"))
            .env("XDG_DATA_HOME", self.root.join("data"))
            .env("XDG_CACHE_HOME", self.root.join("cache"))
            .env("XDG_CONFIG_HOME", self.root.join("config"))
            .env("TMPDIR", self.root.join("tmp"))
            .env("GSETTINGS_BACKEND", "memory")
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    self.root.join("bin").display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env_remove("WIJZER_PASSPHRASE")
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
    }

    /// The command line on this folder's store.
    pub fn wijzer(&self, args: &[&str], passphrase: &str) -> Output {
        let mut cmd = Command::new(target_dir().join("debug/wijzer"));
        self.env(&mut cmd);
        cmd.arg("--store").arg(self.store()).args(args);
        cmd.env("WIJZER_PASSPHRASE", passphrase);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "wijzer {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Every file under the folder, and every file in the shared temp folders changed since
    /// the test began, that holds one of `markers` (as UTF-8 or UTF-16): nothing typed into
    /// the app may be found outside the encrypted store. The walk stays on each root's own
    /// file system (a chroot under /var/tmp may have /proc mounted in it) and reads files in
    /// bounded pieces, so a large or endless file costs time, never memory.
    pub fn files_holding(&self, markers: &[&str]) -> Vec<String> {
        let needles: Vec<(String, Vec<u8>)> = markers
            .iter()
            .flat_map(|m| {
                let utf16: Vec<u8> = m.encode_utf16().flat_map(u16::to_le_bytes).collect();
                [
                    (m.to_string(), m.as_bytes().to_vec()),
                    (m.to_string(), utf16),
                ]
            })
            .collect();
        let mut found = Vec::new();
        let mut roots = vec![self.root.clone()];
        for shared_tmp in ["/tmp", "/var/tmp"] {
            roots.push(PathBuf::from(shared_tmp));
        }
        let mut seen = 0usize;
        let mut own: Vec<String> = Vec::new();
        for root in roots {
            let is_own = root == self.root;
            walk(&root, &mut |path, meta| {
                if !is_own && path.starts_with(&self.root) {
                    return;
                }
                if !is_own && !meta.modified().is_ok_and(|t| t >= self.started) {
                    return;
                }
                let Some(hits) = scan_file(path, &needles) else {
                    return;
                };
                seen += 1;
                if is_own {
                    if let Ok(rel) = path.strip_prefix(&self.root) {
                        own.push(rel.display().to_string());
                    }
                }
                for m in hits {
                    found.push(format!("{} holds {m:?}", path.display()));
                }
            });
        }
        assert!(seen > 0, "the scan read no file at all");
        let mut places: Vec<String> = own
            .iter()
            .map(|p| p.split('/').take(2).collect::<Vec<_>>().join("/"))
            .collect();
        places.sort();
        places.dedup();
        eprintln!(
            "scanned {seen} files for typed text, {} in the test's folders: {places:?}",
            own.len()
        );
        found
    }
}

/// The markers found in one file, read a piece at a time (each piece overlapping the last by
/// the longest needle); `None` when it cannot be read.
fn scan_file(path: &Path, needles: &[(String, Vec<u8>)]) -> Option<Vec<String>> {
    use std::io::Read;
    const PIECE: usize = 1 << 20;
    let longest = needles.iter().map(|(_, n)| n.len()).max().unwrap_or(0);
    let mut file = std::fs::File::open(path).ok()?;
    let mut buffer = vec![0u8; PIECE + longest];
    let mut kept = 0usize;
    let mut hits: Vec<String> = Vec::new();
    loop {
        let read = match file.read(&mut buffer[kept..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        let filled = kept + read;
        for (marker, needle) in needles {
            if !hits.contains(marker) && contains(&buffer[..filled], needle) {
                hits.push(marker.clone());
            }
        }
        kept = longest.saturating_sub(1).min(filled);
        buffer.copy_within(filled - kept..filled, 0);
    }
    Some(hits)
}

impl Drop for Folder {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// Every regular file under `dir` on the same file system as `dir`, with its metadata. Other
/// file systems and every mount point below `dir` (a chroot's /proc, a bind mount of a cargo
/// home) are left out.
fn walk(dir: &Path, f: &mut dyn FnMut(&Path, &std::fs::Metadata)) {
    use std::os::unix::fs::MetadataExt;
    let Ok(top) = std::fs::symlink_metadata(dir) else {
        return;
    };
    let mounts: std::collections::HashSet<PathBuf> =
        std::fs::read_to_string("/proc/self/mountinfo")
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split(' ').nth(4))
            .map(|point| PathBuf::from(point.replace("\\040", " ")))
            .collect();
    walk_on(dir, top.dev(), &mounts, f);
}

fn walk_on(
    dir: &Path,
    device: u64,
    mounts: &std::collections::HashSet<PathBuf>,
    f: &mut dyn FnMut(&Path, &std::fs::Metadata),
) {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.dev() != device || mounts.contains(&path) {
            continue;
        }
        if meta.is_dir() {
            walk_on(&path, device, mounts, f);
        } else if meta.is_file() {
            f(&path, &meta);
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// tauri-driver in a process group of its own, with WebKitWebDriver and the app under it: the
/// whole group is killed when the test ends, however it ends.
struct Driver {
    child: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap();
    home.join("bin/tauri-driver")
}

/// The app, started for one folder, and the person using it.
pub struct App {
    driver: Driver,
    pub client: Client,
    interactions: Cell<u32>,
}

const WAIT: Duration = Duration::from_secs(30);

impl App {
    /// Starts the app; with `passphrase`, as `WIJZER_PASSPHRASE` (the store opens itself).
    pub async fn start(folder: &Folder, passphrase: Option<&str>) -> App {
        let profile = std::env::var("WIJZER_APP_PROFILE").unwrap_or_else(|_| "debug".into());
        let app = target_dir().join(profile).join("wijzer-app");
        assert!(
            app.exists(),
            "build the app first: cargo build -p wijzer-app ({})",
            app.display()
        );
        let (port, native) = (free_port(), free_port());
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .process_group(0);
        folder.env(&mut cmd);
        if let Some(p) = passphrase {
            cmd.env("WIJZER_PASSPHRASE", p);
        }
        let child = cmd
            .spawn()
            .expect("tauri-driver is installed by `cargo xtask setup`");
        let driver = Driver { child };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < WAIT, "tauri-driver did not listen");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app.to_string_lossy() }),
        );
        // WebKitWebDriver comes up a moment after tauri-driver: retry the first session.
        let url = format!("http://127.0.0.1:{port}");
        let client = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) => {
                    assert!(start.elapsed() < WAIT, "no WebDriver session: {e}");
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
            }
        };
        // The window is active before anything is typed: when it becomes active later, WebKit
        // moves the keyboard focus back to where it was, and keys land in the wrong field.
        let start = Instant::now();
        loop {
            let focused = client.execute("return document.hasFocus();", vec![]).await;
            if matches!(focused, Ok(serde_json::Value::Bool(true))) {
                break;
            }
            if start.elapsed() > WAIT {
                eprintln!("the window never reported focus; going on");
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        App {
            driver,
            client,
            interactions: Cell::new(0),
        }
    }

    /// Closes the app as a person does (the window closes, the session ends).
    pub async fn quit(self) {
        let App { driver, client, .. } = self;
        let _ = client.close().await;
        drop(driver);
    }

    /// Kills the app outright (SIGKILL): no chance to save anything.
    pub async fn kill(self) {
        let App { driver, client, .. } = self;
        let pgid = driver.child.id().to_string();
        let status = Command::new("pkill")
            .args(["-KILL", "-g", &pgid, "-x", "wijzer-app"])
            .status()
            .unwrap();
        assert!(status.success(), "the app's process was found and killed");
        drop(client);
        drop(driver);
    }

    /// Answers the system's save or open dialog titled `title` as a person does: the file
    /// name field gets the whole path (`path`), then Enter. Driven with xdotool, since the dialog
    /// is GTK's own window, outside the webview. Waits until the dialog has gone.
    pub async fn answer_file_dialog(&self, title: &str, path: &Path) {
        let window = self.dialog_window(title).await;
        xdotool(&["windowfocus", "--sync", &window]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        // In an open dialog, Ctrl+L shows the location field; in a save dialog the name field
        // has the focus already and takes a whole path.
        xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
        xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
        xdotool(&["type", "--delay", "15", &path.to_string_lossy()]);
        tokio::time::sleep(Duration::from_millis(200)).await;
        xdotool(&["key", "--clearmodifiers", "Return"]);
        wait_closed(title).await;
    }

    /// Confirms the dialog titled `title` as it stands (Enter): a save dialog saves under the
    /// name and in the folder it suggested.
    pub async fn accept_file_dialog(&self, title: &str) {
        let window = self.dialog_window(title).await;
        xdotool(&["windowfocus", "--sync", &window]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        xdotool(&["key", "--clearmodifiers", "Return"]);
        wait_closed(title).await;
    }

    /// Closes the dialog titled `title` without choosing (Escape).
    pub async fn cancel_file_dialog(&self, title: &str) {
        let window = self.dialog_window(title).await;
        xdotool(&["windowfocus", "--sync", &window]);
        xdotool(&["key", "--clearmodifiers", "Escape"]);
        wait_closed(title).await;
    }

    async fn dialog_window(&self, title: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(w) = find_windows(title).into_iter().next() {
                return w;
            }
            if start.elapsed() > WAIT {
                self.shot(&format!("no-dialog-{}", slug(title))).await;
                panic!("no dialog titled {title:?} appeared");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Clicks, Tabs, Enters and shortcuts so far.
    pub fn interactions(&self) -> u32 {
        self.interactions.get()
    }

    fn count(&self) {
        self.interactions.set(self.interactions.get() + 1);
    }

    async fn wait_for(&self, locator: Locator<'_>, what: &str) -> Element {
        match self.client.wait().at_most(WAIT).for_element(locator).await {
            Ok(e) => e,
            Err(e) => {
                self.shot(&format!("missing-{}", slug(what))).await;
                let text = match self.client.find(Locator::Css("main")).await {
                    Ok(main) => main.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!("{what} did not appear: {e}\non the screen:\n{text}");
            }
        }
    }

    /// Waits for a section heading (h2) that holds `text`.
    pub async fn section(&self, text: &str) -> String {
        let xpath = format!("//h2[contains(normalize-space(), {})]", literal(text));
        self.wait_for(Locator::XPath(&xpath), &format!("section {text}"))
            .await
            .text()
            .await
            .unwrap()
    }

    /// Waits up to `limit` for the screen whose heading holds `text` (for what happens by itself,
    /// later than a click's answer).
    pub async fn heading_within(&self, text: &str, limit: Duration) -> String {
        let xpath = format!("//h1[contains(normalize-space(), {})]", literal(text));
        match self
            .client
            .wait()
            .at_most(limit)
            .for_element(Locator::XPath(&xpath))
            .await
        {
            Ok(e) => e.text().await.unwrap(),
            Err(e) => {
                self.shot(&format!("no-{}", slug(text))).await;
                panic!("heading {text} did not appear within {limit:?}: {e}");
            }
        }
    }

    /// Waits for the screen whose heading holds `text`.
    pub async fn heading(&self, text: &str) -> String {
        self.heading_within(text, WAIT).await
    }

    /// The button with this visible name.
    pub async fn button(&self, name: &str) -> Element {
        let xpath = format!(
            "//button[normalize-space()={n} or @aria-label={n}]",
            n = literal(name)
        );
        self.wait_for(Locator::XPath(&xpath), &format!("button {name}"))
            .await
    }

    pub async fn click_button(&self, name: &str) {
        let b = self.button(name).await;
        b.click().await.unwrap();
        self.count();
    }

    /// Clicks a button that saves and shows the screen anew; waits until the old screen is gone
    /// (its button no longer in the page), so that what follows reads the new one.
    pub async fn save_with(&self, name: &str) {
        let b = self.button(name).await;
        b.click().await.unwrap();
        self.count();
        let start = Instant::now();
        while b.is_displayed().await.is_ok() {
            if start.elapsed() > Duration::from_secs(10) {
                self.shot(&format!("not-saved-{}", slug(name))).await;
                let text = self.page_text().await;
                panic!("after {name} the screen stayed:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The link with this visible name.
    pub async fn link(&self, name: &str) -> Element {
        let xpath = format!("//a[normalize-space()={}]", literal(name));
        self.wait_for(Locator::XPath(&xpath), &format!("link {name}"))
            .await
    }

    pub async fn click_link(&self, name: &str) {
        let link = self.link(name).await;
        self.follow(link, name).await;
    }

    /// The link whose visible name starts with `prefix` (a case: "Kwestie k1, aangemeld …").
    pub async fn click_link_starting(&self, prefix: &str) {
        let xpath = format!("//a[starts-with(normalize-space(), {})]", literal(prefix));
        let link = self
            .wait_for(Locator::XPath(&xpath), &format!("link {prefix}…"))
            .await;
        self.follow(link, prefix).await;
    }

    /// A screen in the main menu (its name may carry a count: "Vandaag (2 te laat)").
    pub async fn click_menu(&self, name: &str) {
        let xpath = format!(
            "//nav//a[starts-with(normalize-space(), {})]",
            literal(name)
        );
        let link = self
            .wait_for(Locator::XPath(&xpath), &format!("menu {name}"))
            .await;
        self.follow(link, name).await;
    }

    /// Clicks a link; when it leads to another screen, waits until the screen it was on is gone
    /// (its heading no longer in the page). Until then the old screen is still shown, and may
    /// hold what the next step looks for: Vandaag names the clients that Cliënten lists.
    async fn follow(&self, link: Element, name: &str) {
        let href = link.attr("href").await.unwrap().unwrap_or_default();
        let here = self
            .client
            .execute("return location.hash;", vec![])
            .await
            .unwrap();
        let heading = self.client.find(Locator::Css("main h1")).await.ok();
        link.click().await.unwrap();
        self.count();
        // WebKitWebDriver gives the address in full: tauri://localhost#/clienten.
        let target = href.find("#/").map(|at| &href[at..]);
        let (Some(heading), Some(_)) = (heading, target.filter(|t| here != *t)) else {
            return;
        };
        let start = Instant::now();
        while heading.is_displayed().await.is_ok() {
            if start.elapsed() > WAIT {
                self.shot(&format!("stayed-{}", slug(name))).await;
                let text = self.page_text().await;
                panic!("after {name} the screen stayed:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Opens a disclosure (`<details>`) by its summary.
    pub async fn click_summary(&self, name: &str) {
        let xpath = format!("//summary[normalize-space()={}]", literal(name));
        self.wait_for(Locator::XPath(&xpath), &format!("summary {name}"))
            .await
            .click()
            .await
            .unwrap();
        self.count();
    }

    /// Ticks a checkbox by its label.
    pub async fn check(&self, label: &str) {
        self.field(label).await.click().await.unwrap();
        self.count();
    }

    /// The field whose `<label>` reads `label`.
    pub async fn field(&self, label: &str) -> Element {
        let xpath = format!("//label[normalize-space()={}]", literal(label));
        let l = self
            .wait_for(Locator::XPath(&xpath), &format!("label {label}"))
            .await;
        let id = l.attr("for").await.unwrap().expect("a label for a field");
        self.client.find(Locator::Id(&id)).await.unwrap()
    }

    async fn is_focused(&self, field: &Element) -> bool {
        let active = self.client.active_element().await.unwrap();
        let same = self
            .client
            .execute(
                "return arguments[0] === arguments[1];",
                vec![
                    serde_json::to_value(field).unwrap(),
                    serde_json::to_value(&active).unwrap(),
                ],
            )
            .await
            .unwrap();
        same == serde_json::Value::Bool(true)
    }

    async fn focus_on(&self, field: &Element) {
        if !self.is_focused(field).await {
            // A person clicks into the field first.
            field.click().await.unwrap();
            self.count();
        }
        // Keys go where the focus is once WebKit has moved it: wait for that. Under load WebKit
        // now and then drops a synthetic click; the click is then given again (it is still the
        // one interaction a person makes).
        let start = Instant::now();
        let mut clicked = Instant::now();
        while !self.is_focused(field).await {
            assert!(start.elapsed() < WAIT, "the field took the focus");
            if clicked.elapsed() > Duration::from_secs(2) {
                eprintln!("clicking again: the field did not take the focus");
                let _ = field.click().await;
                clicked = Instant::now();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types into a field (a click to get there is counted when it has no focus yet).
    pub async fn type_into(&self, label: &str, text: &str) {
        let f = self.field(label).await;
        self.focus_on(&f).await;
        self.send(&f, text).await;
    }

    /// Sends the keys of `text` to a field and waits until they have all reached it. WebKit
    /// may still be handling them when `send_keys` returns (a click elsewhere would take the
    /// rest), and under load it now and then drops the tail: what did not arrive after a few
    /// seconds is typed again, as a person would.
    async fn send(&self, field: &Element, text: &str) {
        let kind = field
            .attr("type")
            .await
            .unwrap_or_default()
            .unwrap_or_default();
        let plain = kind != "checkbox" && field.tag_name().await.unwrap_or_default() != "select";
        let before = field.prop("value").await.unwrap().unwrap_or_default();
        field.send_keys(text).await.unwrap();
        if !plain {
            return;
        }
        let start = Instant::now();
        let mut last = (String::new(), Instant::now());
        loop {
            let value = field.prop("value").await.unwrap().unwrap_or_default();
            let arrived = value.strip_prefix(before.as_str()).unwrap_or(&value);
            if arrived == text {
                return;
            }
            assert!(
                start.elapsed() < WAIT && text.starts_with(arrived),
                "the keys typed did not arrive: {value:?} for {text:?}"
            );
            if value != last.0 {
                last = (value, Instant::now());
            } else if last.1.elapsed() > Duration::from_secs(3) {
                let rest = text.strip_prefix(arrived).unwrap_or_default();
                eprintln!(
                    "retyping {} characters that did not arrive",
                    rest.chars().count()
                );
                self.focus_on(field).await;
                field.send_keys(rest).await.unwrap();
                last.1 = Instant::now();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Empties a field and types `text` (select all and delete count as one shortcut).
    pub async fn replace(&self, label: &str, text: &str) {
        let f = self.field(label).await;
        self.focus_on(&f).await;
        f.clear().await.unwrap();
        self.count();
        self.send(&f, text).await;
    }

    /// Chooses an option of a select by its visible text (one click to open, one to choose).
    pub async fn choose(&self, label: &str, option: &str) {
        let f = self.field(label).await;
        f.select_by_label(option).await.unwrap();
        self.count();
        self.count();
    }

    /// Presses a key on the focused element (Tab, Enter, a shortcut); counted.
    pub async fn press(&self, keys: &str) {
        let active = self.client.active_element().await.unwrap();
        active.send_keys(keys).await.unwrap();
        self.count();
    }

    pub async fn value(&self, label: &str) -> String {
        self.field(label)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// The message shown next to a field (the one its `aria-describedby` points to), waiting
    /// a few seconds for it to appear.
    pub async fn message_for(&self, label: &str) -> Option<String> {
        let start = Instant::now();
        loop {
            if let Some(message) = self.message_for_now(label).await {
                return Some(message);
            }
            if start.elapsed() > Duration::from_secs(5) {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The message next to a field right now, without waiting for one.
    pub async fn message_for_now(&self, label: &str) -> Option<String> {
        let f = self.field(label).await;
        let described = f
            .attr("aria-describedby")
            .await
            .unwrap()
            .unwrap_or_default();
        for id in described
            .split_whitespace()
            .filter(|i| i.ends_with("-fout"))
        {
            if let Ok(p) = self.client.find(Locator::Id(id)).await {
                return Some(p.text().await.unwrap());
            }
        }
        None
    }

    /// The text of the whole page.
    /// Waits until the app announces (in its status line) a text containing `part`; returns
    /// the whole announcement.
    pub async fn announcement_containing(&self, part: &str) -> String {
        let start = Instant::now();
        loop {
            let said = self
                .client
                .execute(
                    "const m = document.getElementById('melding'); return m ? m.textContent : '';",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            if said.contains(part) {
                return said;
            }
            if start.elapsed() > WAIT {
                self.shot(&format!("no-announcement-{}", slug(part))).await;
                panic!(
                    "no announcement with {part:?}; the page says:\n{}",
                    self.page_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The page's visible text.
    pub async fn page_text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// A screenshot of the window in `target/e2e/<name>.png`.
    pub async fn shot(&self, name: &str) {
        // WebKit paints after the DOM settles; give it a moment so the picture matches.
        tokio::time::sleep(Duration::from_millis(700)).await;
        if let Ok(png) = self.client.screenshot().await {
            let out = target_dir().join("e2e");
            std::fs::create_dir_all(&out).unwrap();
            std::fs::write(out.join(format!("{name}.png")), &png).unwrap();
        }
    }

    /// A picture of the whole display (the app's window and a system dialog over it) in
    /// `target/e2e/<name>.png`, once the dialog titled `title` is up.
    pub async fn shot_dialog(&self, title: &str, name: &str) {
        self.dialog_window(title).await;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let out = target_dir().join("e2e");
        std::fs::create_dir_all(&out).unwrap();
        let status = Command::new("import")
            .args(["-window", "root"])
            .arg(out.join(format!("{name}.png")))
            .status()
            .unwrap();
        assert!(status.success(), "import took the picture");
    }

    /// Screenshot and accessibility check of the screen on view.
    pub async fn screen(&self, name: &str) {
        self.shot(name).await;
        self.axe(name).await;
    }

    /// Runs axe-core on the page with the WCAG 2.0, 2.1 and 2.2 A and AA rules; returns the
    /// report (version, passes, violations).
    async fn axe_report(&self, screen: &str) -> serde_json::Value {
        let source = include_str!("../vendor/axe-core/axe.min.js");
        self.client.execute(source, vec![]).await.unwrap();
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values:
                     ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } })
                   .then(r => done({ version: axe.version, passes: r.passes.length,
                       violations: r.violations.map(v => ({ id: v.id, impact: v.impact,
                         help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })) }))
                   .catch(e => done({ error: String(e) }));",
                vec![],
            )
            .await
            .unwrap();
        assert!(result.get("error").is_none(), "axe on {screen}: {result}");
        assert!(
            result["passes"].as_u64().unwrap_or(0) > 0,
            "axe checked something on {screen}: {result}"
        );
        result
    }

    /// The ids of the rules axe-core finds violated on the page.
    pub async fn axe_violations(&self) -> Vec<String> {
        let report = self.axe_report("(check)").await;
        report["violations"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["id"].as_str().map(String::from))
            .collect()
    }

    /// No violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules on the screen on view.
    pub async fn axe(&self, screen: &str) {
        let report = self.axe_report(screen).await;
        let violations = report["violations"].as_array().unwrap();
        assert!(
            violations.is_empty(),
            "axe-core {} on {screen}: {}",
            report["version"],
            serde_json::to_string_pretty(violations).unwrap()
        );
    }
}

/// Waits until no window titled `title` is left (a dialog answered or cancelled).
async fn wait_closed(title: &str) {
    let start = Instant::now();
    while !find_windows(title).is_empty() {
        assert!(start.elapsed() < WAIT, "the dialog {title:?} did not close");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs a program of the municipality's or the client's (age, minisign, pdftotext, unzip…) in
/// `dir`; its standard output, or a panic with what it said.
pub fn run_tool(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} is installed by `cargo xtask setup`: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs xdotool on the test's display; panics when it fails.
fn xdotool(args: &[&str]) {
    let out = Command::new("xdotool").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "xdotool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The visible windows whose title is exactly `title`.
fn find_windows(title: &str) -> Vec<String> {
    let pattern = format!("^{}$", regex_escape(title));
    Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", &pattern])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.^$|?*+()[]{}".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

fn slug(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// A string as an XPath literal.
fn literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else {
        format!("\"{text}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_across_two_pieces_of_a_large_file_is_found() {
        let dir = std::env::temp_dir().join(format!("wijzer-scan-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big");
        let mut bytes = vec![b'x'; (1 << 20) - 3];
        bytes.extend_from_slice(b"Bakker-marker");
        bytes.extend(vec![b'y'; 3 << 20]);
        std::fs::write(&path, &bytes).unwrap();
        let needles = vec![
            ("Bakker-marker".to_string(), b"Bakker-marker".to_vec()),
            ("absent".to_string(), b"absent".to_vec()),
        ];
        let hits = scan_file(&path, &needles).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(hits, vec!["Bakker-marker".to_string()]);
    }
}

//! The real desktop app under Xvfb, driven through tauri-driver and WebKitWebDriver: a newcomer
//! starts Wijzer on a demo store and sees the overview of cases. Screenshots are kept in
//! `target/e2e/` for a person to look at.
//!
//! Run through `cargo xtask test`, which installs the driver and builds the app first.

#![allow(clippy::unwrap_used)]

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};

const PASSPHRASE: &str = "e2e-wachtwoord";

fn target_dir() -> PathBuf {
    std::env::var_os("WIJZER_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// tauri-driver in a process group of its own, with WebKitWebDriver and the app under it: the
/// whole group is killed when the test ends, however it ends.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// A port that nothing listens on right now.
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

fn start_driver(store: &std::path::Path) -> Driver {
    let (port, native) = (free_port(), free_port());
    let child = Command::new(tauri_driver())
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .process_group(0)
        .env("WIJZER_STORE", store)
        .env("WIJZER_PASSPHRASE", PASSPHRASE)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .spawn()
        .expect("tauri-driver is installed by `cargo xtask setup`");
    let driver = Driver { child, port };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "tauri-driver did not listen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    driver
}

#[tokio::test]
async fn first_start_on_a_demo_store_shows_the_cases() {
    tokio::time::timeout(Duration::from_secs(180), first_start())
        .await
        .expect("the end-to-end test finished within 3 minutes");
}

async fn first_start() {
    let bin = target_dir().join("debug");
    let app = bin.join("wijzer-app");
    assert!(
        app.exists(),
        "build the app first: cargo build -p wijzer-app"
    );

    let dir = std::env::temp_dir().join(format!("wijzer-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("wijzer.db");
    let made = Command::new(bin.join("wijzer"))
        .arg("--store")
        .arg(&store)
        .arg("demo")
        .env("WIJZER_PASSPHRASE", PASSPHRASE)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );

    let driver = start_driver(&store);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app.to_string_lossy() }),
    );
    let client = ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session with the app");

    let rows = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#kwesties tbody tr"))
        .await
        .expect("the overview shows cases");
    let _ = rows;
    let title = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(title, "Wijzer");
    let all = client
        .find_all(Locator::Css("#kwesties tbody tr"))
        .await
        .unwrap();
    assert_eq!(all.len(), 30, "the demo store has 30 cases");
    let summary = client
        .find(Locator::Id("samenvatting"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        summary.contains("open") && summary.contains("afgesloten"),
        "{summary}"
    );
    let header = client
        .find(Locator::Css("th:nth-child(2)"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(header, "Cliënt", "UTF-8 renders as UTF-8");
    let first_date = client
        .find(Locator::Css("#kwesties tbody tr td:nth-child(4)"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        first_date.len() == 10
            && first_date.as_bytes()[2] == b'-'
            && first_date.as_bytes()[5] == b'-',
        "dates read dd-mm-jjjj: {first_date}"
    );

    // WebKit paints after the DOM settles; give it a moment so the picture matches the DOM.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let out = target_dir().join("e2e");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("first-start.png"), &png).unwrap();
    eprintln!("screenshot: {}", out.join("first-start.png").display());

    client.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

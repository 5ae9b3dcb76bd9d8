//! Disks for tests of a laptop's edges, mounted for one test and unmounted when dropped: a
//! small tmpfs to fill up, and a folder seen through a read-only bind mount. Needs root.
//! Shared by the core's tests and the app's (`#[path]`).

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Tmpfs {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Tmpfs {
    /// A tmpfs of `size` (as mount reads it: `8m`), private to its owner.
    pub fn new(size: &str) -> Tmpfs {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("schijf");
        std::fs::create_dir(&path).unwrap();
        let status = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(&path)
            .status()
            .expect("mount (util-linux) is there");
        assert!(status.success(), "these tests run as root: mount a tmpfs");
        Tmpfs { _dir: dir, path }
    }

    /// Fills the file system up to its last byte; removing the returned file makes room again.
    pub fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.path.join("vulling");
        let mut f = std::fs::File::create(&filler).unwrap();
        while f.write_all(&[0u8; 4096]).is_ok() {}
        while f.write_all(&[0u8]).is_ok() {}
        filler
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

/// `folder` seen through a read-only bind mount, as on a read-only disk.
pub struct ReadOnlyView {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl ReadOnlyView {
    pub fn of(folder: &Path) -> ReadOnlyView {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("alleen-lezen");
        std::fs::create_dir(&path).unwrap();
        let mount = |args: &[&str]| {
            let status = Command::new("mount").args(args).status().unwrap();
            assert!(status.success(), "these tests run as root: mount {args:?}");
        };
        mount(&["--bind", folder.to_str().unwrap(), path.to_str().unwrap()]);
        let view = ReadOnlyView { _dir: dir, path };
        mount(&["-o", "remount,bind,ro", view.path.to_str().unwrap()]);
        view
    }
}

impl Drop for ReadOnlyView {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

//! A small tmpfs for tests of a full disk, mounted for one test and unmounted when dropped.
//! Needs root. Shared by the core's tests and the app's (`#[path]`).

use std::path::PathBuf;
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

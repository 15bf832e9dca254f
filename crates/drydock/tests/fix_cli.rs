//! `drydock fix` as a user runs it: every fixable rule's fixtures (the fix applied, the file
//! byte for byte as expected, the finding gone, a second run changing nothing), backups that
//! restore the original, and files that are refused.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use support::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn files_of(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn fix(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = drydock()
        .args(["fix", "--no-host", "--quiet"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn failures_of(dir: &Path, rule: &str) -> usize {
    let out = drydock()
        .args([
            "audit",
            "--no-host",
            "--quiet",
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .args(["--rule", rule])
        .arg(dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .count()
}

#[test]
fn every_fixable_rule_has_fixtures_and_they_hold() {
    let fixable: Vec<&'static drydock_core::rule::Rule> = drydock_core::rules::catalog()
        .into_iter()
        .filter(|r| r.fixer.is_some())
        .collect();
    assert!(fixable.len() >= 5, "{} fixable rules", fixable.len());
    for rule in fixable {
        let dir = fixtures().join(rule.name);
        assert!(
            dir.is_dir(),
            "{} has a fixer but no fixture in {}",
            rule.id,
            dir.display()
        );
        for case in std::fs::read_dir(&dir).unwrap() {
            let case = case.unwrap().path();
            let name = format!(
                "{}/{}",
                rule.name,
                case.file_name().unwrap().to_string_lossy()
            );
            let work = tempfile::tempdir().unwrap();
            copy_tree(&case.join("before"), work.path());
            let found = failures_of(work.path(), rule.id);
            assert!(
                found > 0,
                "{name}: the fixture has no finding of {}",
                rule.id
            );

            let (code, out, err) = fix(work.path(), &["--unsafe", "--apply", "--rule", rule.id]);
            assert_eq!(code, 0, "{name}: {out}{err}");
            // Byte for byte what the fixture expects: the rest of the file is untouched.
            for expected in files_of(&case.join("after")) {
                let file = expected.file_name().unwrap();
                let actual = std::fs::read(work.path().join(file)).unwrap();
                assert!(
                    actual == std::fs::read(&expected).unwrap(),
                    "{name}: {} differs from the fixture:\n{}",
                    file.to_string_lossy(),
                    String::from_utf8_lossy(&actual)
                );
                // The backup is the original, byte for byte.
                let mut backup = file.to_os_string();
                backup.push(".drydock-backup");
                assert_eq!(
                    std::fs::read(work.path().join(backup)).unwrap(),
                    std::fs::read(case.join("before").join(file)).unwrap(),
                    "{name}: backup"
                );
            }
            assert_eq!(
                failures_of(work.path(), rule.id),
                0,
                "{name}: the finding is still there"
            );
            // Applying again changes nothing.
            let (code, out, _) = fix(work.path(), &["--unsafe", "--apply", "--rule", rule.id]);
            assert_eq!(code, 0);
            assert!(
                out.contains("No finding has a fix"),
                "{name}: second run: {out}"
            );
        }
    }
}

#[test]
fn without_apply_nothing_is_written_and_unsafe_fixes_wait() {
    let case = fixtures().join("dockerfile-add-instead-of-copy/flags-and-case/before");
    let work = tempfile::tempdir().unwrap();
    copy_tree(&case, work.path());
    let (code, out, _) = fix(work.path(), &[]);
    assert_eq!(code, 0);
    assert!(out.contains("left out: unsafe"), "{out}");
    assert!(out.contains("DF007 write COPY for ADD"), "{out}");
    let (_, out, _) = fix(work.path(), &["--unsafe"]);
    assert!(
        out.contains("-add --chown") && out.contains("+copy --chown"),
        "{out}"
    );
    assert!(out.contains("Nothing was written"), "{out}");
    assert_eq!(
        std::fs::read(work.path().join("Dockerfile")).unwrap(),
        std::fs::read(case.join("Dockerfile")).unwrap()
    );
    assert_eq!(files_of(work.path()).len(), 1, "no backup without --apply");
}

#[test]
fn apply_keeps_mode_backs_up_elsewhere_and_restores_exactly() {
    use std::os::unix::fs::PermissionsExt;
    let case = fixtures().join("compose-writable-rootfs/unset-and-false/before");
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("project");
    copy_tree(&case, &project);
    let compose = project.join("compose.yaml");
    std::fs::set_permissions(&compose, std::fs::Permissions::from_mode(0o640)).unwrap();
    let backups = work.path().join("backups");
    let (code, out, err) = fix(
        &project,
        &[
            "--unsafe",
            "--apply",
            "--backup-dir",
            backups.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let mode = std::fs::metadata(&compose).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640, "the mode is kept");
    // No backup beside the file; one under the backup directory, at the file's own path.
    assert!(!project.join("compose.yaml.drydock-backup").exists());
    let backup = backups.join(
        std::path::absolute(&compose)
            .unwrap()
            .strip_prefix("/")
            .unwrap(),
    );
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        std::fs::read(case.join("compose.yaml")).unwrap()
    );
    // Copying the backup back restores the audit exactly.
    std::fs::copy(&backup, &compose).unwrap();
    assert_eq!(failures_of(&project, "CO021"), 2);
    // A second fix keeps the first backup and numbers the next.
    fix(
        &project,
        &[
            "--unsafe",
            "--apply",
            "--backup-dir",
            backups.to_str().unwrap(),
        ],
    );
    let mut second = backup.clone().into_os_string();
    second.push(".1");
    assert!(PathBuf::from(second).is_file());
}

#[test]
fn verify_audits_again_and_shows_the_fixes() {
    let case = fixtures().join("dockerfile-apk-cache-left/commands-and-comments/before");
    let work = tempfile::tempdir().unwrap();
    copy_tree(&case, work.path());
    let (code, out, err) = fix(work.path(), &["--apply", "--verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Verification"), "{out}");
    assert!(out.contains("Fixed (1)") && out.contains("DF023"), "{out}");
    assert!(out.contains("Regressions: none."), "{out}");
}

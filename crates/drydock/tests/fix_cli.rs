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
    output_of(
        drydock()
            .args(["fix", "--no-host", "--quiet"])
            .args(extra)
            .arg(dir),
    )
}

fn failures_of(dir: &Path, rule: &str) -> usize {
    failures_with(&["--no-host".into(), dir.display().to_string()], rule)
}

/// Failures of one rule in an audit with these arguments.
fn failures_with(args: &[String], rule: &str) -> usize {
    let out = drydock()
        .args(["audit", "--quiet", "--format", "json", "--fail-on", "none"])
        .args(["--rule", rule])
        .args(args)
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

/// Where a case's files go and how drydock is pointed at them: project files in a directory
/// of their own; daemon.json under a host root whose dockerd runs without flags.
struct Case {
    _dir: tempfile::TempDir,
    /// Where the case's `before` files were put.
    files: PathBuf,
    /// The arguments that point drydock at them.
    args: Vec<String>,
}

fn set_up(rule: &drydock_core::rule::Rule, before: &Path) -> Case {
    if rule.target == drydock_core::model::Target::Daemon {
        let root = fake_host(&["/usr/bin/dockerd", "-H", "fd://"]);
        let files = root.path().join("etc/docker");
        copy_tree(before, &files);
        let args = vec![
            "--root".into(),
            root.path().display().to_string(),
            "--no-engine".into(),
            "--no-files".into(),
        ];
        Case {
            _dir: root,
            files,
            args,
        }
    } else {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(before, dir.path());
        let files = dir.path().to_path_buf();
        let args = vec!["--no-host".into(), files.display().to_string()];
        Case {
            _dir: dir,
            files,
            args,
        }
    }
}

fn run_fix(case: &Case, extra: &[&str]) -> (i32, String, String) {
    output_of(
        drydock()
            .args(["fix", "--quiet"])
            .args(extra)
            .args(&case.args),
    )
}

fn case_failures(case: &Case, rule: &str) -> usize {
    failures_with(&case.args, rule)
}

#[test]
fn every_fixable_rule_has_fixtures_and_they_hold() {
    let fixable: Vec<&'static drydock_core::rule::Rule> = drydock_core::rules::catalog()
        .into_iter()
        .filter(|r| r.fixer.is_some())
        .collect();
    assert!(fixable.len() >= 9, "{} fixable rules", fixable.len());
    for rule in fixable {
        let dir = fixtures().join(rule.name);
        assert!(
            dir.is_dir(),
            "{} has a fixer but no fixture in {}",
            rule.id,
            dir.display()
        );
        for case_dir in std::fs::read_dir(&dir).unwrap() {
            let case_dir = case_dir.unwrap().path();
            let name = format!(
                "{}/{}",
                rule.name,
                case_dir.file_name().unwrap().to_string_lossy()
            );
            let case = set_up(rule, &case_dir.join("before"));
            assert!(
                case_failures(&case, rule.id) > 0,
                "{name}: the fixture has no finding of {}",
                rule.id
            );
            let apply = ["--unsafe", "--apply", "--rule", rule.id];
            let (code, out, err) = run_fix(&case, &apply);
            assert_eq!(code, 0, "{name}: {out}{err}");
            // Byte for byte what the fixture expects: the rest of the file is untouched.
            for expected in files_of(&case_dir.join("after")) {
                let file = expected.file_name().unwrap();
                let actual = std::fs::read(case.files.join(file)).unwrap();
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
                    std::fs::read(case.files.join(backup)).unwrap(),
                    std::fs::read(case_dir.join("before").join(file)).unwrap(),
                    "{name}: backup"
                );
            }
            assert_eq!(
                case_failures(&case, rule.id),
                0,
                "{name}: the finding is still there"
            );
            // Applying again changes nothing.
            let (code, out, _) = run_fix(&case, &apply);
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

/// A host root whose dockerd runs with `args` (its /proc entry) and no daemon.json yet.
fn fake_host(args: &[&str]) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("etc/docker")).unwrap();
    let proc = root.path().join("proc/4242");
    std::fs::create_dir_all(&proc).unwrap();
    let mut cmdline = String::new();
    for a in args {
        cmdline.push_str(a);
        cmdline.push('\0');
    }
    std::fs::write(proc.join("cmdline"), cmdline).unwrap();
    root
}

#[test]
fn daemon_json_under_a_root_is_fixed_in_its_own_style() {
    let root = fake_host(&["/usr/bin/dockerd", "-H", "fd://"]);
    let etc = root.path().join("etc/docker");
    let original = "{\n  \"log-driver\": \"json-file\",\n  \"log-opts\": {\"max-size\": \"10m\"},\n  \"icc\": true\n}\n";
    std::fs::write(etc.join("daemon.json"), original).unwrap();
    let args = [
        "fix",
        "--root",
        root.path().to_str().unwrap(),
        "--no-engine",
        "--no-files",
        "--quiet",
        "--rule",
        "DH022",
        "--rule",
        "DH035",
    ];
    // Both fixes are unsafe: without --unsafe nothing changes.
    let out = drydock().args(args).arg("--apply").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(etc.join("daemon.json")).unwrap(),
        original
    );
    let out = drydock()
        .args(args)
        .args(["--apply", "--unsafe"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("restart it"), "{stdout}");
    let fixed = std::fs::read_to_string(etc.join("daemon.json")).unwrap();
    assert_eq!(
        fixed,
        "{\n  \"log-driver\": \"json-file\",\n  \"log-opts\": {\"max-size\": \"10m\"},\n  \"icc\": false,\n  \"live-restore\": true\n}\n"
    );
    assert!(serde_json::from_str::<Value>(&fixed).unwrap().is_object());
    assert_eq!(
        std::fs::read_to_string(etc.join("daemon.json.drydock-backup")).unwrap(),
        original
    );
    // The audit agrees, and a second run has nothing left to do.
    let (report, _) = audit_any_json(&[
        "--root",
        root.path().to_str().unwrap(),
        "--no-engine",
        "--no-files",
        "--rule",
        "DH022",
        "--rule",
        "DH035",
    ]);
    for r in report["results"].as_array().unwrap() {
        assert_eq!(r["status"], "pass", "{r}");
    }
    let out = drydock().args(args).args(["--unsafe"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("No finding has a fix"));
}

#[test]
fn a_missing_daemon_json_is_created() {
    let root = fake_host(&["/usr/bin/dockerd"]);
    let out = drydock()
        .args([
            "fix",
            "--root",
            root.path().to_str().unwrap(),
            "--no-engine",
            "--no-files",
        ])
        .args(["--quiet", "--rule", "DH035", "--apply", "--unsafe"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created = root.path().join("etc/docker/daemon.json");
    assert_eq!(
        std::fs::read_to_string(&created).unwrap(),
        "{\n  \"live-restore\": true\n}\n"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&created).unwrap().permissions().mode() & 0o777,
        0o644
    );
}

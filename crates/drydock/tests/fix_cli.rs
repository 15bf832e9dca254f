//! `drydock fix` as a user runs it: every fixable rule's fixtures (the fix applied, the file
//! byte for byte as expected, the finding gone, a second run changing nothing), backups that
//! restore the original, and files that are refused.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
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

/// Failures of one rule (an id, a name or a CIS id) in an audit with these arguments.
fn failures_with(args: &[String], rule: &str) -> usize {
    let out = drydock()
        .args(["audit", "--quiet", "--format", "json", "--fail-on", "none"])
        .args(["--rule", rule])
        .args(args)
        // Content trust is judged from drydock's environment too: only the files may decide.
        .env_remove("DOCKER_CONTENT_TRUST")
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

fn set_up(rule: &drydock_rules::rule::Rule, before: &Path) -> Case {
    if rule.target == drydock_model::model::Target::Daemon {
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

/// The diff `fix` prints, applied by `git apply` and by `patch -p1` to a fresh copy of the
/// fixture, gives byte for byte what `--apply` writes (the fixture's `after`).
fn preview_is_the_patch(rule: &drydock_rules::rule::Rule, case_dir: &Path, name: &str) {
    for tool in ["git", "patch"] {
        let case = set_up(rule, &case_dir.join("before"));
        // Project files are named relative to the directory drydock runs in; daemon.json
        // under a host root by its absolute path, so the patch applies from `/`.
        let (cwd, args): (PathBuf, Vec<String>) =
            if rule.target == drydock_model::model::Target::Daemon {
                ("/".into(), case.args.clone())
            } else {
                let mut args = case.args.clone();
                *args.last_mut().unwrap() = ".".into();
                (case.files.clone(), args)
            };
        let out = drydock()
            .current_dir(&cwd)
            .args(["fix", "--quiet", "--unsafe", "--rule", rule.id])
            .args(&args)
            .output()
            .unwrap();
        let preview = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(preview.contains("+++ b/"), "{name}: no diff:\n{preview}");
        let mut command = match tool {
            "git" => {
                let mut c = Command::new("git");
                c.args(["apply", "--unsafe-paths", "-"]);
                c
            }
            _ => {
                let mut c = Command::new("patch");
                c.args(["-p1", "--no-backup-if-mismatch", "-s"]);
                c
            }
        };
        let mut child = command
            .current_dir(&cwd)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(preview.as_bytes())
            .unwrap();
        let applied = child.wait_with_output().unwrap();
        assert!(
            applied.status.success(),
            "{name}: {tool} refuses the preview: {}\n{preview}",
            String::from_utf8_lossy(&applied.stderr)
        );
        for expected in files_of(&case_dir.join("after")) {
            let file = expected.file_name().unwrap();
            assert!(
                std::fs::read(case.files.join(file)).unwrap() == std::fs::read(&expected).unwrap(),
                "{name}: the preview applied by {tool} is not what --apply writes ({})",
                file.to_string_lossy()
            );
        }
    }
}

#[test]
fn every_fixable_rule_has_fixtures_and_they_hold() {
    let fixable: Vec<&'static drydock_rules::rule::Rule> = drydock_rules::rules::catalog()
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
            preview_is_the_patch(rule, &case_dir, &name);
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

/// Every file of a tree with its mode, owner and text (backups left out).
fn tree_state(root: &Path) -> Vec<(String, u32, u32, Vec<u8>)> {
    use std::os::unix::fs::MetadataExt;
    let mut out = Vec::new();
    for entry in walk(root) {
        let meta = std::fs::symlink_metadata(&entry).unwrap();
        let name = entry.strip_prefix(root).unwrap().display().to_string();
        if name.contains(".drydock-backup") {
            continue;
        }
        let text = if meta.is_file() {
            std::fs::read(&entry).unwrap()
        } else {
            Vec::new()
        };
        out.push((name, meta.mode(), meta.uid(), text));
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_host_script_hardens_a_host_root_and_a_second_run_changes_nothing() {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::fs::PermissionsExt;
    let root = fake_host(&["/usr/bin/dockerd", "-H", "fd://"]);
    let r = root.path();
    assert_eq!(
        std::fs::metadata(r).unwrap().uid(),
        0,
        "this test gives a file to another owner: run it as root (CI does)"
    );
    let write = |path: &str, text: &str, mode: u32| {
        let p = r.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    write("etc/group", "root:x:0:\ndocker:x:998:\n", 0o644);
    write("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0o644);
    write(
        "etc/environment",
        "PATH=/usr/bin\nDOCKER_CONTENT_TRUST=0\n",
        0o644,
    );
    write("etc/docker/daemon.json", "{\n  \"icc\": true\n}\n", 0o666);
    write("lib/systemd/system/docker.service", "[Service]\n", 0o664);
    write("lib/systemd/system/docker.socket", "[Socket]\n", 0o644);
    std::fs::set_permissions(r.join("etc/docker"), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::os::unix::fs::chown(
        r.join("lib/systemd/system/docker.service"),
        Some(1000),
        Some(1000),
    )
    .unwrap();
    let root_arg = r.display().to_string();
    let audit_args: Vec<String> = ["--root", &root_arg, "--no-engine", "--no-files"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let failing = |control: &str| failures_with(&audit_args, control);
    let controls = [
        "1.1.6", "1.1.7", "1.1.11", "2.2", "2.15", "3.1", "3.2", "3.6", "3.18", "4.5",
    ];
    for control in controls {
        assert!(failing(control) > 0, "{control} fails before the script");
    }

    let script = r.join("host.sh");
    let (code, out, err) = output_of(
        drydock()
            .args(["fix", "--quiet", "--script"])
            .arg(&script)
            .args(&audit_args)
            .env_remove("DOCKER_CONTENT_TRUST"),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("wrote"), "{out}");
    let text = std::fs::read_to_string(&script).unwrap();
    let mode = std::fs::metadata(&script).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    for expected in [
        "chown 0:0 \"${DRYDOCK_ROOT:-}\"'/lib/systemd/system/docker.service'",
        // Bits are only taken away: 0664 & 0644, 0777 & 0755, 0666 & 0644.
        "chmod 0644 \"${DRYDOCK_ROOT:-}\"'/lib/systemd/system/docker.service'",
        "chmod 0755 \"${DRYDOCK_ROOT:-}\"'/etc/docker'",
        "chmod 0644 \"${DRYDOCK_ROOT:-}\"'/etc/docker/daemon.json'",
        "'-w /etc/docker -p wa -k docker'",
        "# CIS 3.1 (DH039)",
        "systemctl restart docker",
        "DOCKER_CONTENT_TRUST=1",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    // A second --script never replaces the first.
    let (code, _, err) = output_of(
        drydock()
            .args(["fix", "--quiet", "--script"])
            .arg(&script)
            .args(&audit_args),
    );
    assert_eq!(code, 2);
    assert!(err.contains("exists"), "{err}");

    // Run it under the root: restarts and loads are skipped there, and no command may reach
    // the real host (a stub for each one fails loudly).
    let stubs = tempfile::tempdir().unwrap();
    for tool in ["systemctl", "augenrules", "auditctl", "dockerd"] {
        let stub = stubs.path().join(tool);
        std::fs::write(&stub, "#!/bin/sh\necho \"$0 must not run\" >&2\nexit 1\n").unwrap();
        std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        stubs.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = || {
        output_of(
            std::process::Command::new("sh")
                .arg(&script)
                .env("DRYDOCK_ROOT", r)
                .env("PATH", &path),
        )
    };
    let (code, out, err) = run();
    assert_eq!(code, 0, "{out}{err}");
    for control in controls {
        assert_eq!(failing(control), 0, "{control} passes after the script");
    }
    let backups: Vec<PathBuf> = walk(&r.join("etc/docker"))
        .into_iter()
        .filter(|p| {
            p.display()
                .to_string()
                .contains("daemon.json.drydock-backup")
        })
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(
        std::fs::read_to_string(&backups[0]).unwrap(),
        "{\n  \"icc\": true\n}\n"
    );
    let after_first = tree_state(r);
    let (code, out, err) = run();
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("already hardened"), "{out}");
    assert_eq!(tree_state(r), after_first, "a second run changes nothing");

    // A daemon.json changed after the audit is not replaced.
    let script2 = r.join("host2.sh");
    write("etc/docker/daemon.json", "{\"icc\": true}\n", 0o644);
    let (code, _, err) = output_of(
        drydock()
            .args(["fix", "--quiet", "--script"])
            .arg(&script2)
            .args(&audit_args),
    );
    assert_eq!(code, 0, "{err}");
    write(
        "etc/docker/daemon.json",
        "{\"icc\": true, \"debug\": true}\n",
        0o644,
    );
    let (code, _, err) = output_of(
        std::process::Command::new("sh")
            .arg(&script2)
            .env("DRYDOCK_ROOT", r)
            .env("PATH", &path),
    );
    assert_eq!(code, 1);
    assert!(err.contains("changed since drydock audited it"), "{err}");
    assert_eq!(
        std::fs::read_to_string(r.join("etc/docker/daemon.json")).unwrap(),
        "{\"icc\": true, \"debug\": true}\n"
    );
}

/// Builds a directory with the engine's own builder; `Err` holds what it said.
fn docker_build(dir: &Path, tag: &str) -> Result<(), String> {
    let out = Command::new("docker")
        .args(["build", "-q", "--force-rm", "-t", tag])
        .arg(dir)
        .output()
        .expect("docker runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).to_string())
    }
}

#[test]
fn dockerfile_fixes_still_build_with_the_real_builder() {
    test_images();
    let pid = std::process::id();
    // Every image built is removed, also when an assertion fails, and with it the untagged
    // images the builds left (a multi-stage build's first stage): those that were not there
    // before this test (no other test of this binary builds images).
    struct Images(Vec<String>, Vec<String>, fn() -> Vec<String>);
    impl Drop for Images {
        fn drop(&mut self) {
            for tag in &self.0 {
                let _ = Command::new("docker").args(["rmi", "-f", tag]).output();
            }
            for id in (self.2)() {
                if !self.1.contains(&id) {
                    let _ = Command::new("docker").args(["rmi", "-f", &id]).output();
                }
            }
        }
    }
    fn dangling_now() -> Vec<String> {
        let out = Command::new("docker")
            .args(["images", "-q", "--no-trunc", "--filter", "dangling=true"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }
    let mut tags = Images(Vec::new(), dangling_now(), dangling_now);
    let mut built = 0;
    let rules: Vec<&'static drydock_rules::rule::Rule> = drydock_rules::rules::catalog()
        .into_iter()
        .filter(|r| r.fixer.is_some() && r.target == drydock_model::model::Target::Dockerfile)
        .collect();
    let mut cases = Vec::new();
    for rule in rules {
        for case_dir in std::fs::read_dir(fixtures().join(rule.name)).unwrap() {
            cases.push((rule, case_dir.unwrap().path()));
        }
    }
    for (rule, case_dir) in cases {
        let name = format!(
            "{}/{}",
            rule.name,
            case_dir.file_name().unwrap().to_string_lossy()
        );
        let text = std::fs::read_to_string(case_dir.join("before/Dockerfile")).unwrap();
        // Only fixtures whose base images are on this engine can be built (no registry).
        let stages: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("FROM "))
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        let local = stages.iter().all(|image| {
            text.contains(&format!(" AS {image}"))
                || Command::new("docker")
                    .args(["image", "inspect", image])
                    .output()
                    .is_ok_and(|o| o.status.success())
        });
        if !local {
            continue;
        }
        let before = tempfile::tempdir().unwrap();
        copy_tree(&case_dir.join("before"), before.path());
        let tag = format!("drydock-test/fixbuild:{pid}-{}", tags.0.len());
        tags.0.push(tag.clone());
        if let Err(e) = docker_build(before.path(), &tag) {
            panic!("{name}: the fixture's original does not build: {e}");
        }
        // The fix, as drydock writes it, then the same build.
        let fixed = tempfile::tempdir().unwrap();
        copy_tree(&case_dir.join("before"), fixed.path());
        let (code, out, err) = output_of(
            drydock()
                .args([
                    "fix",
                    "--quiet",
                    "--unsafe",
                    "--apply",
                    "--no-host",
                    "--rule",
                    rule.id,
                ])
                .arg(fixed.path()),
        );
        assert_eq!(code, 0, "{name}: {out}{err}");
        let tag = format!("drydock-test/fixbuild:{pid}-{}", tags.0.len());
        tags.0.push(tag.clone());
        if let Err(e) = docker_build(fixed.path(), &tag) {
            panic!(
                "{name}: the original builds, the fixed file does not:\n{e}\n{}",
                std::fs::read_to_string(fixed.path().join("Dockerfile")).unwrap()
            );
        }
        built += 1;
    }
    assert!(built >= 4, "only {built} fixtures could be built");
}

#[test]
fn a_windows_base_gets_no_unix_user() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app.exe C:/app/\nCMD [\"C:/app/app.exe\"]\n",
    )
    .unwrap();
    let (code, out, err) = output_of(
        drydock()
            .args(["fix", "--unsafe", "--no-host", "--rule", "DF001"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("+USER"), "{out}");
    assert!(out.contains("not offered"), "{out}");
}

/// `kubernetes-validate --strict` (the Kubernetes OpenAPI schema, from PyPI, beside the Python
/// that `scripts/test` sets up): its ERROR lines for these files, with `before/` and `after/`
/// made alike so that the two can be compared.
fn schema_errors(files: &[PathBuf]) -> Vec<String> {
    let python = std::env::var("DRYDOCK_PYTHON")
        .expect("DRYDOCK_PYTHON must name the Python of scripts/test (with kubernetes-validate)");
    let validator = Path::new(&python).with_file_name("kubernetes-validate");
    let out = Command::new(&validator)
        .args(["--strict", "--quiet", "--no-warn"])
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", validator.display()));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&out.stderr).lines())
        .filter(|l| l.starts_with("ERROR"))
        .map(|l| l.replace("/before/", "/x/").replace("/after/", "/x/"))
        .collect()
}

#[test]
fn kubernetes_fixes_validate_against_the_schema() {
    let mut checked = 0;
    for rule in drydock_rules::rules::catalog().into_iter().filter(|r| {
        r.fixer.is_some()
            && matches!(
                r.target,
                drydock_model::model::Target::KubeWorkload
                    | drydock_model::model::Target::KubeObject
            )
    }) {
        for case_dir in std::fs::read_dir(fixtures().join(rule.name)).unwrap() {
            let case_dir = case_dir.unwrap().path();
            let name = format!(
                "{}/{}",
                rule.name,
                case_dir.file_name().unwrap().to_string_lossy()
            );
            let before = schema_errors(&files_of(&case_dir.join("before")));
            let after = schema_errors(&files_of(&case_dir.join("after")));
            let new: Vec<&String> = after.iter().filter(|e| !before.contains(e)).collect();
            assert!(
                new.is_empty(),
                "{name}: the fix brings schema errors: {new:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 7, "{checked} cases");
}

#[test]
fn a_kubernetes_fix_the_api_server_would_refuse_is_not_offered() {
    let dir = tempfile::tempdir().unwrap();
    let pod = |name: &str, pod_sc: &str, container_sc: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  securityContext:\n    {pod_sc}\n  containers:\n  - name: c\n    image: x:1\n    securityContext:\n      {container_sc}\n"
        )
    };
    let manifests = [
        pod("privileged", "fsGroup: 2000", "privileged: true"),
        pod(
            "sys-admin",
            "fsGroup: 2000",
            "capabilities: {add: [SYS_ADMIN]}",
        ),
        pod("root", "runAsUser: 0", "readOnlyRootFilesystem: true"),
    ]
    .join("---\n");
    std::fs::write(dir.path().join("pods.yaml"), &manifests).unwrap();
    let (code, out, err) = output_of(
        drydock()
            .args([
                "fix",
                "--unsafe",
                "--apply",
                "--no-host",
                "--rule",
                "KP13",
                "--rule",
                "KP14",
            ])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{err}");
    for refused in [
        "Pod privileged, container c: allowPrivilegeEscalation: false beside privileged: true",
        "Pod sys-admin, container c: allowPrivilegeEscalation: false beside an added SYS_ADMIN capability",
        "Pod root, container c: runAsNonRoot: true with runAsUser: 0",
    ] {
        assert!(
            out.contains(&format!("no valid fix: {refused}")),
            "{refused}:\n{out}"
        );
    }
    // What was written holds nothing the API server or the kubelet refuses.
    let written = std::fs::read_to_string(dir.path().join("pods.yaml")).unwrap();
    assert!(
        drydock_rules::fix::kube_api::problems(&written).is_empty(),
        "{written}"
    );
    assert_ne!(written, manifests, "the valid fixes were written");
}

/// `docker-compose config` of a file (Debian's docker-compose, Compose 1.29): the resolved
/// configuration as JSON, or what it said when it refused the file.
fn compose_config(file: &Path) -> Result<serde_json::Value, String> {
    let out = Command::new("docker-compose")
        .arg("-f")
        .arg(file)
        .arg("config")
        .current_dir(file.parent().unwrap())
        .output()
        .expect("docker-compose runs (apt-get install docker-compose)");
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).to_string());
    }
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let document = drydock_parse::yaml::parse_single(&text);
    Ok(document.root.map(|r| r.to_json()).unwrap_or_default())
}

/// The paths (`services/web/cap_drop`) at which two resolved configurations differ, cut at the
/// service's key.
fn differing_keys(a: &serde_json::Value, b: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    let depth = path.matches('/').count();
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) if depth < 3 => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let null = serde_json::Value::Null;
                differing_keys(
                    x.get(k).unwrap_or(&null),
                    y.get(k).unwrap_or(&null),
                    &format!("{path}/{k}"),
                    out,
                );
            }
        }
        _ if a != b => out.push(path.to_string()),
        _ => {}
    }
}

#[test]
fn compose_fixes_pass_docker_compose_config_and_change_only_the_fixed_keys() {
    // The keys each fixer may change. Compose 1.29 follows the Compose Specification here as
    // v2 does: the keys below mean the same in both.
    let keys: &[(&str, &[&str])] = &[
        ("CO003", &["cap_drop"]),
        ("CO006", &["security_opt"]),
        ("CO012", &["ports"]),
        ("CO018", &["mem_limit"]),
        ("CO019", &["cpus"]),
        ("CO020", &["pids_limit"]),
        ("CO021", &["read_only"]),
    ];
    let mut checked = 0;
    for rule in drydock_rules::rules::catalog()
        .into_iter()
        .filter(|r| r.fixer.is_some() && r.target == drydock_model::model::Target::ComposeService)
    {
        let allowed = keys
            .iter()
            .find(|(id, _)| *id == rule.id)
            .unwrap_or_else(|| panic!("{}: which keys may its fix change?", rule.id))
            .1;
        for case_dir in std::fs::read_dir(fixtures().join(rule.name)).unwrap() {
            let case_dir = case_dir.unwrap().path();
            let name = format!(
                "{}/{}",
                rule.name,
                case_dir.file_name().unwrap().to_string_lossy()
            );
            for before in files_of(&case_dir.join("before")) {
                let after = case_dir.join("after").join(before.file_name().unwrap());
                let original = compose_config(&before)
                    .unwrap_or_else(|e| panic!("{name}: the original is refused: {e}"));
                let fixed = compose_config(&after)
                    .unwrap_or_else(|e| panic!("{name}: docker-compose refuses the fix: {e}"));
                let mut changed = Vec::new();
                differing_keys(&original, &fixed, "", &mut changed);
                assert!(!changed.is_empty(), "{name}: nothing changed");
                for path in &changed {
                    let key = path.rsplit('/').next().unwrap();
                    assert!(
                        path.starts_with("/services/") && allowed.contains(&key),
                        "{name}: the fix changed {path}, not only {allowed:?}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 7, "{checked} cases");
}

#[test]
fn a_host_network_service_gets_no_port_finding_or_fix() {
    let dir = tempfile::tempdir().unwrap();
    let compose = "services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n    ports:\n      - \"8080:80\"\n";
    std::fs::write(dir.path().join("compose.yaml"), compose).unwrap();
    assert_eq!(failures_of(dir.path(), "CO012"), 0);
    let (code, out, err) = output_of(
        drydock()
            .args(["fix", "--unsafe", "--apply", "--no-host", "--rule", "CO012"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("No finding has a fix"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap(),
        compose
    );
}

/// What a dockerd of the machine's makes of a daemon.json: `Ok` once it has read the file and
/// gone on to start, `Err` with its words when it refused the file. dockerd 20.10 has no
/// `--validate` (it came in 23.0), so a second dockerd is started on a private socket, data and
/// exec roots, pid file, containerd namespace and bridge of its own, then stopped; the file's
/// own settings are kept, the private ones are written over any it sets.
fn dockerd_accepts(fixed: &Path, n: usize) -> Result<(), String> {
    use std::io::Read;
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    let bridge = format!("ddfix{}{n}", std::process::id() % 1000);
    let ip = |args: &[&str]| {
        Command::new("ip")
            .args(args)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    struct Bridge(String);
    impl Drop for Bridge {
        fn drop(&mut self) {
            let _ = Command::new("ip").args(["link", "del", &self.0]).output();
        }
    }
    assert!(
        ip(&["link", "add", "name", &bridge, "type", "bridge"]),
        "cannot make bridge {bridge} (the test runs as root)"
    );
    let _bridge = Bridge(bridge.clone());
    ip(&[
        "addr",
        "add",
        &format!("172.31.{}.1/24", 200 + n),
        "dev",
        &bridge,
    ]);
    ip(&["link", "set", &bridge, "up"]);
    let mut settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixed).unwrap()).unwrap();
    let private = serde_json::json!({
        "data-root": root.join("data"),
        "exec-root": root.join("exec"),
        "pidfile": root.join("pid"),
        "hosts": [format!("unix://{}", root.join("sock").display())],
        "bridge": bridge,
        "iptables": false,
        "ip-masq": false,
        "storage-driver": "vfs",
        "containerd-namespace": "drydock-fixtest",
        "containerd-plugins-namespace": "drydock-fixtest-plugins",
    });
    for (k, v) in private.as_object().unwrap() {
        settings[k] = v.clone();
    }
    let config = root.join("daemon.json");
    std::fs::write(&config, settings.to_string()).unwrap();
    let log = root.join("log.txt");
    let mut daemon = Command::new("dockerd")
        .arg("--config-file")
        .arg(&config)
        .stdout(std::process::Stdio::from(
            std::fs::File::create(&log).unwrap(),
        ))
        .stderr(std::process::Stdio::from(
            std::fs::File::options().append(true).open(&log).unwrap(),
        ))
        .spawn()
        .expect("dockerd runs");
    let read_log = || {
        let mut text = String::new();
        let _ = std::fs::File::open(&log).map(|mut f| f.read_to_string(&mut text));
        text
    };
    let start = std::time::Instant::now();
    let mut exited = false;
    while start.elapsed() < std::time::Duration::from_secs(30) {
        if daemon.try_wait().unwrap().is_some() {
            exited = true;
            break;
        }
        if read_log().contains("API listen on") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    if !exited {
        // A clean stop, so that it stops its containerd too.
        let _ = Command::new("kill").arg(daemon.id().to_string()).status();
        let stop = std::time::Instant::now();
        while daemon.try_wait().unwrap().is_none() {
            if stop.elapsed() > std::time::Duration::from_secs(20) {
                let _ = daemon.kill();
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    let _ = daemon.wait();
    // dockerd mounts its data root on itself and may leave the mount behind.
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    for point in mounts.lines().filter_map(|l| l.split_whitespace().nth(1)) {
        if Path::new(point).starts_with(root) {
            let _ = Command::new("umount").args(["-l", point]).status();
        }
    }
    let text = read_log();
    if text.contains("unable to configure the Docker daemon") || !text.contains("Starting up") {
        let said: Vec<&str> = text.lines().filter(|l| !l.contains("level=info")).collect();
        return Err(said.join("\n"));
    }
    Ok(())
}

#[test]
fn daemon_json_fixes_are_accepted_by_dockerd() {
    assert_eq!(
        unsafe { libc_geteuid() },
        0,
        "starting a second dockerd needs root, as the CI runs"
    );
    // The check can fail: a key dockerd does not know is refused.
    let scratch = tempfile::tempdir().unwrap();
    let wrong = scratch.path().join("daemon.json");
    std::fs::write(&wrong, "{\"no-such-option\": true}").unwrap();
    let refused = dockerd_accepts(&wrong, 0).expect_err("an unknown key is refused");
    assert!(refused.contains("no-such-option"), "{refused}");
    let mut checked = 0;
    for rule in drydock_rules::rules::catalog()
        .into_iter()
        .filter(|r| r.fixer.is_some() && r.target == drydock_model::model::Target::Daemon)
    {
        for case_dir in std::fs::read_dir(fixtures().join(rule.name)).unwrap() {
            let case_dir = case_dir.unwrap().path();
            let name = format!(
                "{}/{}",
                rule.name,
                case_dir.file_name().unwrap().to_string_lossy()
            );
            checked += 1;
            if let Err(e) = dockerd_accepts(&case_dir.join("after/daemon.json"), checked) {
                panic!("{name}: dockerd refuses the fixed daemon.json:\n{e}");
            }
        }
    }
    assert!(checked >= 4, "{checked} cases");
}

unsafe extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}

#[test]
fn the_preview_over_the_corpus_is_the_patch_that_apply_writes() {
    let corpus = repo_root().join("../shared/corpus");
    let previewed = tempfile::tempdir().unwrap();
    let applied = tempfile::tempdir().unwrap();
    copy_tree(&corpus, previewed.path());
    copy_tree(&corpus, applied.path());
    // The shared corpus may be checked out read-only, which `--apply` respects; these copies
    // are ours to change.
    for tree in [previewed.path(), applied.path()] {
        for file in walk(tree).into_iter().filter(|f| f.is_file()) {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    let out = drydock()
        .current_dir(previewed.path())
        .args(["fix", "--quiet", "--no-host", "--unsafe", "."])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let preview = String::from_utf8(out.stdout).unwrap();
    let mut git = Command::new("git")
        .args(["apply", "--unsafe-paths", "-"])
        .current_dir(previewed.path())
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    git.stdin
        .take()
        .unwrap()
        .write_all(preview.as_bytes())
        .unwrap();
    let git = git.wait_with_output().unwrap();
    assert!(
        git.status.success(),
        "git apply: {}",
        String::from_utf8_lossy(&git.stderr)
    );
    let (code, out, err) = output_of(
        drydock()
            .current_dir(applied.path())
            .args([
                "fix",
                "--quiet",
                "--no-host",
                "--unsafe",
                "--apply",
                "--backup-dir",
            ])
            .arg(tempfile::tempdir().unwrap().path())
            .arg("."),
    );
    assert_eq!(code, 0, "{out}{err}");
    // Byte for byte, but for the files whose hunks the preview left out (a credential on a
    // line): the preview names them.
    let hidden: Vec<&str> = preview
        .lines()
        .filter(|l| l.contains(" not shown: a line in it holds a credential"))
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    let mut compared = 0;
    for file in walk(applied.path()).into_iter().filter(|f| f.is_file()) {
        let relative = file.strip_prefix(applied.path()).unwrap();
        let name = relative.to_string_lossy();
        if hidden.contains(&name.as_ref()) {
            continue;
        }
        let from_preview = std::fs::read(previewed.path().join(relative)).unwrap();
        assert!(
            from_preview == std::fs::read(&file).unwrap(),
            "{name}: the preview applied differs from --apply"
        );
        compared += 1;
    }
    let changed = preview.matches("\n+++ b/").count() + usize::from(preview.starts_with("+++ b/"));
    assert!(
        compared > 300 && changed > 100,
        "{compared} files, {changed} changed"
    );
}

#[test]
fn the_host_script_goes_on_past_a_missing_tool_and_a_failing_section() {
    use std::os::unix::fs::PermissionsExt;
    let root = fake_host(&["/usr/bin/dockerd", "-H", "fd://"]);
    let r = root.path();
    let write = |path: &str, text: &str, mode: u32| {
        let p = r.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    write("etc/environment", "PATH=/usr/bin\n", 0o644);
    write("etc/docker/daemon.json", "{\"icc\": true}\n", 0o666);
    write("lib/systemd/system/docker.service", "[Service]\n", 0o664);
    let script = r.join("host.sh");
    let (code, out, err) = output_of(
        drydock()
            .args(["fix", "--quiet", "--unsafe", "--script"])
            .arg(&script)
            .args([
                "--root",
                &r.display().to_string(),
                "--no-engine",
                "--no-files",
            ])
            .env_remove("DOCKER_CONTENT_TRUST"),
    );
    assert_eq!(code, 0, "{out}{err}");
    // The unit file goes before the script runs: its section fails.
    std::fs::remove_file(r.join("lib/systemd/system/docker.service")).unwrap();
    // No auditd on the PATH (the machine has none either), and no systemctl or dockerd: a
    // stub for each would fail loudly if it ran.
    let stubs = tempfile::tempdir().unwrap();
    for tool in ["systemctl", "dockerd"] {
        let stub = stubs.path().join(tool);
        std::fs::write(&stub, "#!/bin/sh\necho \"$0 must not run\" >&2\nexit 1\n").unwrap();
        std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!("{}:/usr/bin:/bin", stubs.path().display());
    assert!(
        !Command::new("sh")
            .args(["-c", "command -v augenrules"])
            .env("PATH", &path)
            .status()
            .unwrap()
            .success(),
        "this test needs a PATH without augenrules"
    );
    let (code, out, err) = output_of(
        Command::new("sh")
            .arg(&script)
            .env("DRYDOCK_ROOT", r)
            .env("PATH", &path),
    );
    assert_eq!(code, 1, "a failed section fails the script:\n{out}{err}");
    assert!(!err.contains("must not run"), "{err}");
    assert!(
        err.contains("not loaded: augenrules not found (install auditd)"),
        "{err}"
    );
    let done = out.split("Done:").nth(1).unwrap_or_default();
    for section in ["content trust", "daemon.json"] {
        assert!(done.contains(section), "{section} not done:\n{out}\n{err}");
    }
    assert!(
        out.contains("Failed (see the errors above):\n  ownership and modes"),
        "{out}"
    );
    assert!(
        out.contains("skipped (see the reasons above):\n  audit rules"),
        "{out}"
    );
    assert!(
        std::fs::read_to_string(r.join("etc/environment"))
            .unwrap()
            .contains("DOCKER_CONTENT_TRUST=1")
    );
    assert!(
        std::fs::read_to_string(r.join("etc/docker/daemon.json"))
            .unwrap()
            .contains("\"icc\": false")
    );
}

#[test]
fn read_only_and_hard_linked_files_are_left_alone_unless_forced() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let dockerfile = "FROM alpine:3.19\nADD app.py /app/\n";
    for sub in ["readonly", "linked"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        std::fs::write(d.join(sub).join("Dockerfile"), dockerfile).unwrap();
    }
    std::fs::set_permissions(
        d.join("readonly/Dockerfile"),
        std::fs::Permissions::from_mode(0o444),
    )
    .unwrap();
    std::fs::hard_link(d.join("linked/Dockerfile"), d.join("other-name")).unwrap();
    let fix = |extra: &[&str]| {
        output_of(
            drydock()
                .current_dir(d)
                .args([
                    "fix",
                    "--quiet",
                    "--unsafe",
                    "--apply",
                    "--no-host",
                    "--rule",
                    "DF007",
                ])
                .args(extra)
                .args(["readonly", "linked"]),
        )
    };
    let (code, out, err) = fix(&[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("readonly/Dockerfile left unchanged: it is read-only (mode 0444)"),
        "{err}"
    );
    assert!(
        err.contains("linked/Dockerfile left unchanged: it has 2 hard links"),
        "{err}"
    );
    for sub in ["readonly", "linked"] {
        assert_eq!(
            std::fs::read_to_string(d.join(sub).join("Dockerfile")).unwrap(),
            dockerfile
        );
        let left: Vec<String> = std::fs::read_dir(d.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(left, ["Dockerfile"], "a refused file leaves no backup");
    }
    assert_eq!(std::fs::metadata(d.join("other-name")).unwrap().nlink(), 2);
    // --force writes both; the read-only file keeps its mode.
    let (code, out, err) = fix(&["--force"]);
    assert_eq!(code, 0, "{out}{err}");
    for sub in ["readonly", "linked"] {
        assert!(
            std::fs::read_to_string(d.join(sub).join("Dockerfile"))
                .unwrap()
                .contains("COPY app.py /app/"),
        );
    }
    assert_eq!(
        std::fs::metadata(d.join("readonly/Dockerfile"))
            .unwrap()
            .mode()
            & 0o777,
        0o444
    );
}

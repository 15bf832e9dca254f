//! Hostile inputs, each with its defined behaviour: the run finishes, names what it refused and
//! why, audits the rest, keeps memory bounded, and never follows a file out of the directory
//! it was asked to audit. RELIABILITY.md lists these cases with the test of each.

mod support;

use serde_json::Value;
use std::fs;
use std::io::Write;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use support::*;

fn regression(path: &str) -> Vec<u8> {
    fs::read(
        repo_root()
            .join("crates/drydock-fuzz/regressions")
            .join(path),
    )
    .unwrap()
}

/// The notes and the reasons the audit is incomplete: a file drydock did not read is one of
/// the latter.
fn notes(report: &Value) -> String {
    format!("{} {}", report["notes"], report["incomplete_reasons"])
}

fn results_at<'a>(report: &'a Value, path: &str) -> Vec<&'a Value> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["location"]["path"] == path)
        .collect()
}

/// Runs `drydock audit` over a directory under GNU time; returns the report and the peak
/// resident memory in KiB.
fn audit_measured(dir: &Path, extra: &[&str]) -> (Value, u64) {
    let scratch = tempfile::tempdir().unwrap();
    let stats = scratch.path().join("time.txt");
    let out = Command::new("/usr/bin/time")
        .current_dir(dir)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&stats)
        .arg(env!("CARGO_BIN_EXE_drydock"))
        .args([
            "audit",
            "--no-host",
            "--quiet",
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .args(extra)
        .arg(".")
        .output()
        .expect("GNU time runs drydock (apt-get install time)");
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let peak: u64 = fs::read_to_string(&stats)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (report, peak)
}

#[test]
fn yaml_bombs_and_deep_nesting_are_refused_by_line_and_the_rest_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (sub, file, from) in [
        ("bomb", "compose.yaml", "compose/alias-bomb.yaml"),
        ("deep", "compose.yaml", "compose/deep-nesting.yaml"),
        ("k8s", "bomb.yaml", "manifests/alias-bomb.yaml"),
        ("k8s", "deep.yaml", "manifests/deep-nesting.yaml"),
    ] {
        fs::create_dir_all(d.join(sub)).unwrap();
        fs::write(d.join(sub).join(file), regression(from)).unwrap();
    }
    fs::create_dir_all(d.join("good")).unwrap();
    fs::write(
        d.join("good/compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
    )
    .unwrap();
    let (report, peak_kib) = audit_measured(d, &[]);
    let refused = |path: &str, rule: &str, words: &str| {
        let found = results_at(&report, path);
        assert!(
            found.iter().any(|r| r["rule_name"] == rule
                && r["status"] == "fail"
                && r["location"]["line"].as_u64().unwrap() > 0
                && r["message"].as_str().unwrap().contains(words)),
            "{path}: {found:?}"
        );
    };
    refused(
        "bomb/compose.yaml",
        "compose-file-invalid",
        "alias expansion bomb",
    );
    refused(
        "deep/compose.yaml",
        "compose-file-invalid",
        "nesting deeper than",
    );
    refused("k8s/bomb.yaml", "manifest-invalid", "alias expansion bomb");
    refused("k8s/deep.yaml", "manifest-invalid", "nesting deeper than");
    assert!(
        results_at(&report, "good/compose.yaml")
            .iter()
            .any(|r| r["rule_name"] == "compose-privileged" && r["status"] == "fail"),
        "the good file is still audited"
    );
    // The expansion budget (a million nodes a document) holds memory down: the bound stated in
    // RELIABILITY.md.
    assert!(peak_kib < 512 * 1024, "peak memory {peak_kib} KiB");
}

#[test]
fn huge_files_are_skipped_unread_and_huge_standard_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 100 MB, sparse: the size is read from the file's metadata, the content never.
    let huge = fs::File::create(d.join("Dockerfile")).unwrap();
    huge.set_len(100 * 1000 * 1000).unwrap();
    fs::create_dir_all(d.join("k8s")).unwrap();
    fs::File::create(d.join("k8s/big.yaml"))
        .unwrap()
        .set_len(100 * 1000 * 1000)
        .unwrap();
    fs::write(
        d.join("compose.yaml"),
        "services:\n  a:\n    image: x\n    pid: host\n",
    )
    .unwrap();
    let (report, peak_kib) = audit_measured(d, &[]);
    let notes = notes(&report);
    assert!(
        notes.contains("Dockerfile was not read: larger than 8 MiB (100000000 bytes)"),
        "{notes}"
    );
    assert!(
        notes.contains("k8s/big.yaml was not read: larger than 8 MiB"),
        "{notes}"
    );
    assert!(!results_at(&report, "compose.yaml").is_empty());
    assert!(peak_kib < 256 * 1024, "peak memory {peak_kib} KiB");

    // 100 MB piped in: drydock stops reading past its bound and says so.
    let mut child = drydock()
        .args(["audit", "--no-host", "--type", "compose", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'#'; 1 << 20];
        for _ in 0..100 {
            // drydock closes the pipe once it has read past its bound.
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("standard input holds more than 8 MiB"),
        "{err}"
    );
}

#[test]
fn symbolic_links_out_of_the_directory_and_loops_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("Dockerfile"),
        "FROM ubuntu\nENV OUTSIDE_MARKER=1\n",
    )
    .unwrap();
    fs::create_dir_all(d.join("escape")).unwrap();
    symlink(
        outside.path().join("Dockerfile"),
        d.join("escape/Dockerfile"),
    )
    .unwrap();
    symlink(
        "../../../../../../../../etc/passwd",
        d.join("escape/Dockerfile.etc"),
    )
    .unwrap();
    fs::create_dir_all(d.join("loop")).unwrap();
    symlink("Dockerfile.b", d.join("loop/Dockerfile.a")).unwrap();
    symlink("Dockerfile.a", d.join("loop/Dockerfile.b")).unwrap();
    // A directory link to its parent: the walk does not enter links, so it cannot loop.
    symlink("..", d.join("loop/up")).unwrap();
    // A link that stays inside is followed.
    fs::create_dir_all(d.join("real")).unwrap();
    fs::write(d.join("real/Dockerfile"), "FROM ubuntu\n").unwrap();
    fs::create_dir_all(d.join("inside")).unwrap();
    symlink("../real/Dockerfile", d.join("inside/Dockerfile")).unwrap();
    let (report, _) = audit_measured(d, &[]);
    let notes = notes(&report);
    assert!(
        notes.contains("escape/Dockerfile was not read: a symbolic link to")
            && notes.contains("outside the audited directory; not followed"),
        "{notes}"
    );
    assert!(
        notes.contains("escape/Dockerfile.etc was not read"),
        "{notes}"
    );
    assert!(
        notes.contains("loop/Dockerfile.a was not read: a symbolic link that cannot be followed"),
        "{notes}"
    );
    assert!(!report.to_string().contains("OUTSIDE_MARKER"));
    assert!(results_at(&report, "escape/Dockerfile").is_empty());
    assert!(!results_at(&report, "inside/Dockerfile").is_empty());
}

#[test]
fn image_archives_with_escaping_names_and_compression_bombs_are_read_safely() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("traversal.tar"),
        regression("image_archive/traversal.tar"),
    )
    .unwrap();
    // A gzip stream that expands to a tar entry of 2 GiB of zeros: a header, then 32 members
    // of 64 MiB each (about 2 MiB on disk), made with the system's gzip.
    let gzip = |input: &[u8]| {
        let mut child = Command::new("gzip")
            .arg("-9")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("gzip runs");
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_vec();
        let feeder = std::thread::spawn(move || stdin.write_all(&input).unwrap());
        let out = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        out.stdout
    };
    let mut bomb = fs::File::create(d.join("bomb.tar.gz")).unwrap();
    bomb.write_all(&gzip(&tar_header("big", 2 << 30))).unwrap();
    let zeros = gzip(&vec![0u8; 64 << 20]);
    for _ in 0..32 {
        bomb.write_all(&zeros).unwrap();
    }
    drop(bomb);
    let before: Vec<_> = fs::read_dir(d)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    let (report, peak_kib) = audit_measured(d, &[]);
    let notes = notes(&report);
    for name in ["../../etc/passwd", "/abs/key.pem", "../l.tar", "/l.tar"] {
        assert!(
            notes.contains(&format!(
                "entry `{name}` has an absolute or `..` path; refused"
            )),
            "{name}: {notes}"
        );
    }
    assert!(
        notes.contains("bomb.tar.gz") && notes.contains("compression bomb"),
        "{notes}"
    );
    // The layers the manifest lists under refused names were not read: the image's file checks
    // are unknown, not passed, and the audit says it is incomplete.
    assert_eq!(report["complete"], false);
    let reasons = report["incomplete_reasons"].to_string();
    assert!(
        reasons.contains("traversal.tar: image evil:1: 3 layer(s) not read whole"),
        "{reasons}"
    );
    assert!(
        reasons.contains("bomb.tar.gz: no image could be read"),
        "{reasons}"
    );
    let setuid: Vec<_> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule_name"] == "archived-image-setuid-files")
        .collect();
    assert!(
        setuid.iter().any(|r| r["status"] == "unknown"
            && r["message"]
                .as_str()
                .unwrap()
                .contains("../l.tar: not in the archive")),
        "{setuid:?}"
    );
    // Archives are read as streams, never unpacked: nothing new appears anywhere near them.
    let after: Vec<_> = fs::read_dir(d)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(before, after);
    assert!(!d.join("abs").exists() && !Path::new("/abs/key.pem").exists());
    assert!(peak_kib < 256 * 1024, "peak memory {peak_kib} KiB");
}

/// A ustar header for a regular file of `size` bytes.
fn tar_header(name: &str, size: u64) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    h[100..108].copy_from_slice(b"0000644\0");
    h[108..116].copy_from_slice(b"0000000\0");
    h[116..124].copy_from_slice(b"0000000\0");
    h[124..136].copy_from_slice(format!("{size:011o}\0").as_bytes());
    h[136..148].copy_from_slice(b"00000000000\0");
    h[148..156].copy_from_slice(b"        ");
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    h
}

#[test]
fn evidence_of_the_wrong_shape_is_refused_by_name() {
    for (file, words) in [
        (
            "wrong-shape.json",
            "docker-bench-security log without a `tests` list",
        ),
        ("kube-bench-wrong-shape.json", "has no `tests` list"),
    ] {
        let path = repo_root()
            .join("crates/drydock-fuzz/regressions/evidence")
            .join(file);
        let err = usage_error(&["audit", "--evidence", path.to_str().unwrap()]);
        assert!(err.contains(file) && err.contains(words), "{err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("kube-bench.json");
    fs::write(&empty, r#"{"Controls": [{"tests": []}]}"#).unwrap();
    let err = usage_error(&["audit", "--evidence", empty.to_str().unwrap()]);
    assert!(
        err.contains("kube-bench output with no test results"),
        "{err}"
    );
    let not_json = dir.path().join("bench.json");
    fs::write(&not_json, "{\"tests\": [\n  oops\n]}").unwrap();
    let err = usage_error(&["audit", "--evidence", not_json.to_str().unwrap()]);
    assert!(err.contains("bench.json:2:"), "{err}");
}

#[test]
fn nothing_in_the_inputs_is_ever_run() {
    // Inputs full of commands: a Dockerfile's RUN, compose commands, healthchecks and
    // variables with command substitution, a kubelet environment file, a threat-model
    // extension. Neither the audit nor the fix may run any of them.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let marker = d.join("ran");
    let touch = format!("touch {}", marker.display());
    fs::write(
        d.join("Dockerfile"),
        format!("FROM ubuntu\nRUN {touch}\nHEALTHCHECK CMD {touch}\nUSER root\nCMD {touch}\n"),
    )
    .unwrap();
    fs::write(
        d.join("compose.yaml"),
        format!(
            "services:\n  app:\n    image: \"${{IMG:-$({touch})}}\"\n    command: sh -c '{touch}'\n    entrypoint: [\"/bin/sh\", \"-c\", \"{touch}\"]\n    healthcheck:\n      test: [\"CMD-SHELL\", \"{touch}\"]\n    env_file: .env\n"
        ),
    )
    .unwrap();
    fs::write(d.join(".env"), format!("IMG=`{touch}`\nX=$({touch})\n")).unwrap();
    let out = drydock()
        .current_dir(d)
        .args(["audit", "--no-host", "--quiet", "--fail-on", "none", "."])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = drydock()
        .current_dir(d)
        .args(["fix", "--no-host", "--quiet", "--unsafe", "--apply", "."])
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "{out:?}");
    assert!(!marker.exists(), "drydock ran a command from its inputs");
}

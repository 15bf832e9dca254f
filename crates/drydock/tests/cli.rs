//! The command line as a user meets it: generated files that must not drift, rule lookup by
//! any benchmark numbering, and bad input that must give clear errors, never a pass.

mod support;

use serde_json::Value;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use support::*;

fn stdout_of(args: &[&str]) -> String {
    let out = drydock().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "drydock {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_checked_in_report_schema_matches_the_code() {
    let generated = stdout_of(&["schema"]);
    let committed = fs::read_to_string(repo_root().join("schema/report.schema.json")).unwrap();
    assert!(
        generated == committed,
        "schema/report.schema.json is out of date: run `cargo run -q -- schema > schema/report.schema.json`"
    );
}

#[test]
fn the_checked_in_rule_docs_match_the_code() {
    let generated = stdout_of(&["rules", "--format", "markdown"]);
    let committed = fs::read_to_string(repo_root().join("docs/rules.md")).unwrap();
    assert!(
        generated == committed,
        "docs/rules.md is out of date: run `cargo run -q -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn a_control_is_found_by_its_id_in_any_benchmark_version() {
    // 5.10 of 1.2.0 is the memory limit; 5.10 of 1.6.0 is the host network.
    let old = stdout_of(&["explain", "5.10", "--benchmark", "cis-docker-1.2.0"]);
    assert!(old.contains("container-without-memory-limit"), "{old}");
    let new = stdout_of(&["explain", "5.10"]);
    assert!(new.contains("container-shares-host-network"), "{new}");
    assert!(stdout_of(&["explain", "DH079"]).contains("privileged-container"));
    assert!(stdout_of(&["explain", "privileged-container"]).contains("cis-docker-1.2.0 5.4"));
    let out = drydock().args(["explain", "9.99"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rule matches `9.99`"));
}

#[test]
fn coverage_lists_every_version_with_nothing_missing() {
    let out = stdout_of(&["coverage"]);
    for line in out.lines().skip(1) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols.last(), Some(&"0"), "missing controls: {line}");
    }
    assert!(out.contains("cis-docker-1.6.0        117"));
}

#[test]
fn rules_filter_by_section_level_and_stride() {
    let out = stdout_of(&["rules", "--section", "3", "--format", "json"]);
    let rules: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rules.as_array().unwrap().len(), 24);
    let out = stdout_of(&["rules", "--stride", "repudiation", "--format", "json"]);
    let rules: Value = serde_json::from_str(&out).unwrap();
    assert!(rules.as_array().unwrap().iter().all(|r| {
        r["stride"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "repudiation")
    }));
}

#[test]
fn output_numbering_follows_the_chosen_benchmark() {
    let dir = tempfile::tempdir().unwrap();
    let (report, _) = audit_json(&[
        "--root",
        dir.path().to_str().unwrap(),
        "--no-engine",
        "--benchmark",
        "1.2.0",
        "--rule",
        "5.10",
    ]);
    let r = &report["results"][0];
    assert_eq!(r["control"], "5.10");
    assert_eq!(r["rule_name"], "container-without-memory-limit");
    assert_eq!(report["benchmark"], "cis-docker-1.2.0");
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let out = drydock()
        .args(["audit", "--benchmark", "cis-docker-9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown benchmark"));
    let out = drydock()
        .args(["audit", "--fail-on", "sometimes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_facts_file_of_the_wrong_shape_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("facts.json");
    fs::write(&bad, "{\"schema_version\": 1, \"host\": 3}").unwrap();
    let out = drydock()
        .args(["audit", "--facts"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("facts.json") && err.contains("shape"), "{err}");
    fs::write(&bad, "{ not json").unwrap();
    let out = drydock()
        .args(["audit", "--facts"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"));
}

/// A fake host under a temporary root: dockerd's unit, a daemon.json, and the files of section 3.
fn fake_root() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for d in [
        "etc/docker",
        "lib/systemd/system",
        "etc/audit/rules.d",
        "run",
    ] {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    fs::write(root.join("etc/group"), "root:x:0:\ndocker:x:999:alice\n").unwrap();
    fs::write(
        root.join("etc/passwd"),
        "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n",
    )
    .unwrap();
    fs::write(
        root.join("lib/systemd/system/docker.service"),
        "[Service]\nExecStart=/usr/bin/dockerd -H fd:// --log-level=debug\n",
    )
    .unwrap();
    fs::write(
        root.join("etc/audit/rules.d/docker.rules"),
        "-w /etc/docker -p wa -k docker\n",
    )
    .unwrap();
    dir
}

#[test]
fn malformed_daemon_json_is_reported_with_line_and_column_and_never_passes() {
    let dir = fake_root();
    fs::write(
        dir.path().join("etc/docker/daemon.json"),
        "{\n  \"icc\": false,\n  \"live-restore\": true,\n}\n",
    )
    .unwrap();
    let (report, out) = audit_json(&[
        "--root",
        dir.path().to_str().unwrap(),
        "--no-engine",
        "--fail-on",
        "none",
    ]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "no engine and a broken daemon.json: incomplete"
    );
    let results = report["results"].as_array().unwrap();
    let userland = results
        .iter()
        .find(|r| r["rule_name"] == "daemon-userland-proxy-enabled")
        .unwrap();
    assert_eq!(userland["status"], "unknown");
    let message = userland["message"].as_str().unwrap();
    assert!(
        message.contains("daemon.json") && message.contains("line 4"),
        "{message}"
    );
    // The flag from the unit's ExecStart still decides the log level: debug fails.
    let level = results
        .iter()
        .find(|r| r["rule_name"] == "daemon-log-level-not-info")
        .unwrap();
    assert_eq!(level["status"], "fail", "{level}");
    // The daemon.json audit watch comes from the persistent rules of the fake root.
    let audit = results
        .iter()
        .find(|r| r["rule_name"] == "daemon-json-not-audited")
        .unwrap();
    assert_eq!(audit["status"], "pass", "{audit}");
}

#[test]
fn file_modes_under_root_are_compared_as_bits() {
    let dir = fake_root();
    let json = dir.path().join("etc/docker/daemon.json");
    fs::write(&json, "{}").unwrap();
    fs::set_permissions(&json, fs::Permissions::from_mode(0o606)).unwrap();
    let (report, _) = audit_json(&[
        "--root",
        dir.path().to_str().unwrap(),
        "--no-engine",
        "--rule",
        "3.18",
    ]);
    assert_eq!(
        status_of(&report, "3.18", "/etc/docker/daemon.json"),
        "fail"
    );
    fs::set_permissions(&json, fs::Permissions::from_mode(0o600)).unwrap();
    let (report, _) = audit_json(&[
        "--root",
        dir.path().to_str().unwrap(),
        "--no-engine",
        "--rule",
        "3.18",
    ]);
    assert_eq!(
        status_of(&report, "3.18", "/etc/docker/daemon.json"),
        "pass"
    );
}

#[test]
fn symlinks_never_lead_out_of_root() {
    let dir = fake_root();
    // A daemon.json that links to the real host's file must be read inside the root, where the
    // target does not exist.
    symlink("/etc/hostname", dir.path().join("etc/docker/daemon.json")).unwrap();
    symlink(
        "../../../../../../../etc/shadow",
        dir.path().join("etc/default"),
    )
    .unwrap();
    let (report, _) = audit_json(&[
        "--root",
        dir.path().to_str().unwrap(),
        "--no-engine",
        "--fail-on",
        "none",
    ]);
    let results = report["results"].as_array().unwrap();
    let owner = results
        .iter()
        .find(|r| r["rule_name"] == "daemon-json-not-root-owned")
        .unwrap();
    assert_eq!(
        owner["status"], "not_applicable",
        "the link target outside the root must not be read: {owner}"
    );
    let default = results
        .iter()
        .find(|r| r["rule_name"] == "etc-default-docker-not-root-owned")
        .unwrap();
    assert_eq!(default["status"], "not_applicable", "{default}");
}

#[test]
fn text_output_is_plain_when_piped_and_groups_by_section() {
    let dir = fake_root();
    let out = drydock()
        .args(["audit", "--no-files", "--no-engine", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no escape codes when piped");
    assert!(text.contains("\n3 Docker daemon configuration files\n"));
    assert!(text.contains("INCOMPLETE AUDIT"));
    let coloured = drydock()
        .args(["--color", "always", "audit", "--no-engine", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\x1b'));
}

#[test]
fn an_unprivileged_user_gets_unknown_for_what_it_cannot_read() {
    let dir = fake_root();
    let root = dir.path();
    fs::write(root.join("etc/docker/daemon.json"), "{\"icc\": false}").unwrap();
    fs::set_permissions(
        root.join("etc/docker/daemon.json"),
        fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    fs::create_dir_all(root.join("etc/docker/certs.d/private")).unwrap();
    fs::set_permissions(
        root.join("etc/docker/certs.d/private"),
        fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    let out = std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_drydock"),
        ])
        .args([
            "audit",
            "--no-engine",
            "--format",
            "json",
            "--fail-on",
            "none",
            "--root",
        ])
        .arg(root)
        .output()
        .expect("setpriv runs");
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(3));
    let reasons = report["incomplete_reasons"].to_string();
    assert!(
        reasons.contains("/etc/docker/daemon.json: permission denied"),
        "{reasons}"
    );
    let results = report["results"].as_array().unwrap();
    let icc = results
        .iter()
        .find(|r| r["rule_name"] == "daemon-icc-enabled")
        .unwrap();
    assert_eq!(icc["status"], "unknown", "{icc}");
    let certs = results
        .iter()
        .find(|r| r["rule_name"] == "registry-cert-not-root-owned")
        .unwrap();
    assert_eq!(certs["status"], "unknown", "{certs}");
    assert!(
        certs["message"]
            .as_str()
            .unwrap()
            .contains("permission denied")
    );
}

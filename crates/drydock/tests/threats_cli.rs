//! `drydock threats`, `drydock plan`, peer evidence and the Markdown report, as a user runs
//! them: on the live machine, on a saved report, and on docker-bench/kube-bench output.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use support::*;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = drydock().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept after review):\n{actual}"
    );
}

#[test]
fn plan_top_3_on_the_live_machine_names_three_controls_and_why() {
    require_engine();
    let (code, out, err) = run(&[
        "plan",
        "--top",
        "3",
        "--no-files",
        "--quiet",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    // A stock Docker install leaves content trust off, inter-container traffic open and no
    // audit rules: at least three fix actions act on open threats.
    let actions = plan["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 3, "{out}");
    let mut last = f64::INFINITY;
    for (i, item) in actions.iter().enumerate() {
        assert_eq!(item["rank"], i + 1);
        let score = item["score"].as_f64().unwrap();
        assert!(score <= last && score > 0.0, "scores fall: {out}");
        last = score;
        assert!(!item["threats"].as_array().unwrap().is_empty());
        assert!(!item["controls"].as_array().unwrap().is_empty());
        assert!(item["why"].as_str().unwrap().contains("threat instance"));
        assert!(!item["remediation"].as_str().unwrap().is_empty());
    }
    assert!(plan["how_scored"].as_str().unwrap().contains("severity"));
    // The same, for people.
    let (code, text, _) = run(&["plan", "--top", "3", "--no-files", "--quiet"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("1. ") && text.contains("3. ") && !text.contains("4. "),
        "{text}"
    );
    assert!(text.contains("why: "), "{text}");
}

#[test]
fn threats_on_the_live_machine_never_call_unjudged_threats_mitigated() {
    require_engine();
    let (code, out, err) = run(&["threats", "--no-files", "--quiet", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let model: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(model["scopes"][0], "docker-host");
    for t in model["threats"].as_array().unwrap() {
        let status = t["status"].as_str().unwrap();
        let controls = t["controls"].as_array().unwrap();
        let verdicts: Vec<&str> = controls
            .iter()
            .filter(|c| c["role"] == "mitigation")
            .map(|c| c["verdict"].as_str().unwrap())
            .collect();
        match status {
            "mitigated" | "partially_mitigated" => assert!(
                verdicts
                    .iter()
                    .all(|v| *v == "pass" || *v == "not_applicable")
                    && verdicts.contains(&"pass"),
                "{}: {status} with mitigations {verdicts:?}",
                t["id"]
            ),
            "open" => assert!(verdicts.contains(&"fail"), "{}", t["id"]),
            _ => {}
        }
    }
    // Kubernetes threats are outside a Docker-only audit.
    let kt = model["threats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "KT01")
        .unwrap();
    assert_eq!(kt["status"], "not_applicable");
}

#[test]
fn docker_bench_and_kube_bench_output_become_evidence() {
    let bench = fixture("evidence/docker-bench-security.log.json");
    let kube = fixture("evidence/kube-bench.json");
    let (code, out, err) = run(&[
        "threats",
        "--evidence",
        &bench,
        "--evidence",
        &kube,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let model: Value = serde_json::from_str(&out).unwrap();
    let scopes: Vec<&str> = model["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(scopes, vec!["docker-host", "kubernetes-node"]);
    let threat = |id: &str| {
        model["threats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    // docker-bench WARNed on 2.2 (icc), but icc on is harmless for containers on networks of
    // their own, and the log says nothing of 5.30 (containers on docker0): not mitigated, not
    // open either, and the reason names what is missing.
    let bridge = threat("DT03");
    assert_eq!(bridge["status"], "unknown", "{bridge}");
    assert!(
        bridge["reason"]
            .as_str()
            .unwrap()
            .contains("DH022 or DH104"),
        "{bridge}"
    );
    // kube-bench FAILed 1.1.12 (etcd data owner): open; 1.2.1 was a WARN: manual, so the
    // anonymous-request threat is not called mitigated.
    assert_eq!(threat("KT05")["status"], "open");
    assert_eq!(threat("KT01")["status"], "unknown");
    // What kube-bench did not check is not assessed, never a pass.
    let kt04 = threat("KT04");
    let verdict = |t: &Value, rule: &str| {
        t["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule_id"] == rule)
            .map(|c| c["verdict"].as_str().unwrap().to_string())
    };
    assert_eq!(verdict(&kt04, "KN061").as_deref(), Some("pass"));
    assert_eq!(verdict(&kt04, "KN063").as_deref(), Some("not_assessed"));
    assert_eq!(kt04["status"], "unknown");

    // The audit report from evidence says where it came from and what it could not map.
    let (code, out, _) = run(&[
        "audit",
        "--evidence",
        &kube,
        "--format",
        "json",
        "--fail-on",
        "none",
    ]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&out).unwrap();
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("9.9.9") && notes.contains("did not re-check"),
        "{notes}"
    );

    // Evidence of the wrong shape is refused by name; bad JSON with its line.
    let dir = tempfile::tempdir().unwrap();
    let wrong = dir.path().join("wrong.json");
    std::fs::write(&wrong, "{\"tests\": []}").unwrap();
    let (code, _, err) = run(&["threats", "--evidence", wrong.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("wrong.json") && err.contains("kube-bench"),
        "{err}"
    );
    std::fs::write(
        &wrong,
        "{\n  \"dockerbenchsecurity\": \"1.6.0\",\n  \"tests\": [,]\n}",
    )
    .unwrap();
    let (code, _, err) = run(&["threats", "--evidence", wrong.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("wrong.json:3:"), "{err}");
}

#[test]
fn a_saved_report_is_reassessed_with_the_users_model() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let (code, _, err) = run(&[
        "audit",
        "--evidence",
        &fixture("evidence/docker-bench-security.log.json"),
        "--format",
        "json",
        "--fail-on",
        "none",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let model = dir.path().join("mine.yaml");
    std::fs::write(
        &model,
        "decisions:\n  - threat: DT03\n    decision: compensating-control\n    reason: hosts run one container each\n    owner: platform team\n    expires: 2999-12-31\n  - threat: DT99\n    decision: accepted\n    reason: typo\n    owner: me\n    expires: 2999-12-31\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "threats",
        "--report",
        report.to_str().unwrap(),
        "--threat-model",
        model.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("decision: compensating control by platform team"),
        "{out}"
    );
    assert!(
        out.contains("Decisions that match nothing") && out.contains("no threat DT99"),
        "{out}"
    );
    // A malformed model stops the run with its file and line.
    std::fs::write(&model, "threats:\n  - id: X\n    stride: nonsense\n").unwrap();
    let (code, _, err) = run(&[
        "threats",
        "--report",
        report.to_str().unwrap(),
        "--threat-model",
        model.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("mine.yaml:2:"), "{err}");
}

/// Runs drydock in the fixtures directory, so paths in its output are the same on every
/// machine.
fn run_in_fixtures(args: &[&str]) -> (i32, String, String) {
    let out = drydock()
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn markdown_and_diagram_outputs_match_their_snapshots() {
    let args = [
        "--evidence",
        "evidence/docker-bench-security.log.json",
        "--evidence",
        "evidence/kube-bench.json",
    ];
    let run = run_in_fixtures;
    let (code, md, err) = run(&[
        &["audit", "--format", "markdown", "--fail-on", "none"],
        &args[..],
    ]
    .concat());
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("# drydock audit"));
    snapshot("evidence-report.md", &md);
    let (_, mermaid, _) = run(&[&["threats", "--format", "mermaid"], &args[..]].concat());
    assert!(mermaid.starts_with("flowchart LR"));
    snapshot("evidence-dfd.mmd", &mermaid);
    let (_, dot, _) = run(&[&["threats", "--format", "dot"], &args[..]].concat());
    assert!(dot.starts_with("digraph drydock {") && dot.trim_end().ends_with('}'));
    snapshot("evidence-dfd.dot", &dot);
}

//! Defects found by holding drydock against the peers' own test suites and unseen corpora
//! (BuildKit's parser, the upstream Pod Security library, kube-bench's node checks), each
//! checked through the command line on files written here.

mod support;

use serde_json::Value;
use std::fs;
use support::drydock;

/// Audits one file's text (named `name`) with `--no-host`, returning the JSON report.
fn audit_file(name: &str, text: &str, extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), text).unwrap();
    let out = drydock()
        .current_dir(dir.path())
        .args([
            "audit",
            "--no-host",
            "--no-config",
            "--format",
            "json",
            "-q",
        ])
        .args(extra)
        .arg(name)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The (rule name, status, message) of every result that is not a pass or not applicable.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] != "pass" && r["status"] != "not_applicable")
        .map(|r| {
            (
                r["rule_name"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(report: &Value, rule: &str) -> bool {
    findings(report).iter().any(|(name, _, _)| name == rule)
}

fn pod_with_sysctl(name: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  securityContext:\n    sysctls:\n      - name: {name}\n        value: \"1\"\n  containers:\n    - name: c\n      image: registry.example.com/c:1\n"
    )
}

#[test]
fn defect_01_v1_37_allows_two_more_tcp_sysctls() {
    for sysctl in [
        "net.ipv4.tcp_slow_start_after_idle",
        "net.ipv4.tcp_notsent_lowat",
    ] {
        let latest = audit_file("pod.yaml", &pod_with_sysctl(sysctl), &[]);
        assert!(!has(&latest, "pss-unsafe-sysctls"), "{sysctl} in v1.37");
        let older = audit_file(
            "pod.yaml",
            &pod_with_sysctl(sysctl),
            &["--pss-version", "v1.36"],
        );
        assert!(has(&older, "pss-unsafe-sysctls"), "{sysctl} in v1.36");
    }
}

#[test]
fn defect_02_every_policy_version_is_accepted_as_upstream_does() {
    let pod = pod_with_sysctl("kernel.shm_rmid_forced");
    for version in ["v1.0", "v1.7", "latest"] {
        // The pod runs as root and keeps its capabilities: the policy judges it.
        let report = audit_file("pod.yaml", &pod, &["--pss-version", version]);
        assert!(
            findings(&report)
                .iter()
                .any(|(name, _, _)| name.starts_with("pss-")),
            "{version}: {:?}",
            findings(&report)
        );
    }
    let newer = audit_file("pod.yaml", &pod, &["--pss-version", "v1.99"]);
    let notes: Vec<&str> = newer["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("v1.99 is judged as v1.37")),
        "{notes:?}"
    );
}

#[test]
fn defect_03_an_escaped_escape_does_not_swallow_the_next_instruction() {
    let report = audit_file(
        "Dockerfile",
        "FROM registry.example.com/base:1.2\nENV C trailing\\\\\nENV API_TOKEN=s3cr3t-value-123\nUSER 10001\n",
        &[],
    );
    assert!(
        findings(&report)
            .iter()
            .any(|(name, _, message)| name == "dockerfile-secret-in-env"
                && message.contains("API_TOKEN")),
        "{:?}",
        findings(&report)
    );
}

#[test]
fn defect_08_automatic_platform_arguments_resolve_stage_names() {
    let report = audit_file(
        "Dockerfile",
        "FROM registry.example.com/base:1.2@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS base-linux\nUSER 10001\nHEALTHCHECK CMD [\"/app\", \"health\"]\nFROM base-$TARGETOS\nCMD [\"/app\"]\n",
        &[],
    );
    let found = findings(&report);
    assert!(
        !found
            .iter()
            .any(|(name, _, m)| name == "dockerfile-base-image-floating" || m.contains("`base-`")),
        "{found:?}"
    );
    // The final stage inherits USER and HEALTHCHECK from the stage it names.
    assert!(!has(&report, "dockerfile-runs-as-root"), "{found:?}");
    assert!(!has(&report, "dockerfile-missing-healthcheck"), "{found:?}");
}

#[test]
fn defect_05_and_06_what_buildkit_refuses_is_a_syntax_error() {
    for (text, what) in [
        ("FROM a:1\nENV PATH\n", "must have a value"),
        ("FROM a:1\nLABEL\n", "requires at least one argument"),
        ("FROM a:1\nCMD [[\"a\"], \"b\"]\n", "strings only"),
    ] {
        let report = audit_file("Dockerfile", text, &[]);
        assert!(
            findings(&report)
                .iter()
                .any(|(name, _, m)| name == "dockerfile-syntax-error" && m.contains(what)),
            "{text}: {:?}",
            findings(&report)
        );
    }
}

#[test]
fn defect_17_a_kubelet_config_without_its_type_is_not_read_as_the_kubelets() {
    // The worker fixture's kubelet, its config file stripped of apiVersion and kind.
    let root = support::node::build_root(&["worker"], &[support::node::WORKER_MODES]);
    let config = root.path().join("etc/kubelet/kubelet-config.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let stripped: String = text
        .lines()
        .filter(|l| !l.starts_with("apiVersion:") && !l.starts_with("kind:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&config, stripped).unwrap();
    let out = drydock()
        .args([
            "audit",
            "--kubernetes",
            "--no-docker",
            "--no-files",
            "--format",
            "json",
            "-q",
            "--root",
        ])
        .arg(root.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    // CIS 4.2.1 (anonymous auth) is read from that file: unknown, with the reason.
    let anonymous: Vec<&Value> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule_name"] == "kubelet-anonymous-auth")
        .collect();
    assert!(!anonymous.is_empty());
    for r in anonymous {
        assert_eq!(r["status"], "unknown", "{r}");
        assert!(
            r["message"]
                .as_str()
                .unwrap()
                .contains("kind KubeletConfiguration"),
            "{r}"
        );
    }
}

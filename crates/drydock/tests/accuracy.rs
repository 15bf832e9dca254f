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
    let out = support::node::audit_node_command(root.path())
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

#[test]
fn defect_13_flow_style_documents_and_lists_are_read() {
    let pod = "{apiVersion: v1, kind: Pod, metadata: {name: p, namespace: shop}, spec: {containers: [{name: c, image: \"registry.example.com/c:1\", securityContext: {privileged: true}}]}}\n";
    let list = "{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Pod, metadata: {name: q, namespace: shop}, spec: {containers: [{name: c, image: \"registry.example.com/c:1\", securityContext: {privileged: true}}]}}]}\n";
    for (name, text) in [("pod.yaml", pod), ("list.yaml", list)] {
        let report = audit_file(name, text, &[]);
        assert!(
            has(&report, "pss-privileged"),
            "{name}: {:?}",
            findings(&report)
        );
    }
    // The same class of defect in compose: a flow-style file on standard input.
    let mut child = drydock()
        .args([
            "audit",
            "--no-host",
            "--no-config",
            "--format",
            "json",
            "-q",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{services: {web: {image: \"x:1\", privileged: true}}}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        has(&report, "compose-privileged"),
        "{:?}",
        findings(&report)
    );
}

#[test]
fn defect_11_helm_templates_are_skipped_with_one_note_per_chart() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("web/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        dir.path().join("web/Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    )
    .unwrap();
    for name in ["deployment.yaml", "service.yaml", "ingress.yaml"] {
        fs::write(
            templates.join(name),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"web.fullname\" . }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  {{- with .Values.podSecurityContext }}\n  securityContext:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n",
        )
        .unwrap();
    }
    // A plain manifest beside the chart is still audited.
    fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x:1\n      securityContext: {privileged: true}\n",
    )
    .unwrap();
    let out = drydock()
        .current_dir(dir.path())
        .args([
            "audit",
            "--no-host",
            "--no-config",
            "--format",
            "json",
            "-q",
            ".",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!has(&report, "manifest-invalid"), "{:?}", findings(&report));
    assert!(has(&report, "pss-privileged"));
    let notes: Vec<&str> = report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .filter(|n| n.contains("helm template"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("3 template(s)"), "{notes:?}");
}

#[test]
fn defect_10_what_ships_is_judged_on_the_stages_that_reach_the_image() {
    let builder = "FROM registry.example.com/build:1.2 AS build\nRUN apt-get update && apt-get install -y gcc make\nRUN chmod 777 /src\nEXPOSE 22\nCMD make\n";
    // Only copied from: nothing of the builder's leftovers ships.
    let copied = format!(
        "{builder}FROM registry.example.com/run:1.2\nCOPY --from=build /src/app /app\nUSER 10001\nCMD [\"/app\"]\n"
    );
    let report = audit_file("Dockerfile", &copied, &[]);
    for rule in [
        "dockerfile-package-cache-left",
        "dockerfile-apt-install-recommends",
        "dockerfile-world-writable",
        "dockerfile-exposes-admin-port",
        "dockerfile-cmd-shell-form",
    ] {
        assert!(!has(&report, rule), "{rule}: {:?}", findings(&report));
    }
    // Built FROM the builder: its layers are the image's.
    let built = format!("{builder}FROM build\nUSER 10001\n");
    let report = audit_file("Dockerfile", &built, &[]);
    for rule in [
        "dockerfile-package-cache-left",
        "dockerfile-apt-install-recommends",
        "dockerfile-world-writable",
        "dockerfile-exposes-admin-port",
        "dockerfile-cmd-shell-form",
    ] {
        assert!(has(&report, rule), "{rule}: {:?}", findings(&report));
    }
    // A compose service that builds the builder stage as its target ships it.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), &copied).unwrap();
    fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  tools:\n    build:\n      context: .\n      target: build\n",
    )
    .unwrap();
    let out = drydock()
        .current_dir(dir.path())
        .args([
            "audit",
            "--no-host",
            "--no-config",
            "--format",
            "json",
            "-q",
            ".",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        has(&report, "dockerfile-package-cache-left"),
        "{:?}",
        findings(&report)
    );
    // What the build does is judged in every stage.
    let piped = "FROM registry.example.com/build:1.2 AS build\nRUN curl -fsSL https://get.example.com | sh\nFROM registry.example.com/run:1.2\nCOPY --from=build /out /app\nUSER 10001\n";
    assert!(has(
        &audit_file("Dockerfile", piped, &[]),
        "dockerfile-pipe-to-shell"
    ));
}

#[test]
fn defect_12_a_writable_root_filesystem_in_a_manifest_is_found() {
    let report = audit_file(
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: registry.example.com/c:1\n",
        &[],
    );
    assert!(
        has(&report, "workload-rootfs-writable"),
        "{:?}",
        findings(&report)
    );
    let rule = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_name"] == "workload-rootfs-writable")
        .unwrap();
    assert_eq!(rule["severity"], "medium");
    assert_eq!(rule["stride"], serde_json::json!(["tampering"]));
}

//! The Kubernetes node audit (`--kubernetes`, CIS Kubernetes 1.12 sections 1–4) on node
//! filesystems written here: a kubeadm control plane as `kubeadm init` leaves it, a hardened and
//! an insecure variant of it, and a worker whose kubelet keeps its configuration at a
//! non-default path with `--config-dir` drop-ins. Git keeps neither modes nor owners, so each
//! test copies its tree and sets them as the real install does.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use support::node::*;
use support::*;

fn audit_node(root: &Path, extra: &[&str]) -> (Value, i32) {
    let out = drydock()
        .args([
            "audit",
            "--kubernetes",
            "--no-docker",
            "--no-files",
            "--format",
            "json",
            "--root",
        ])
        .arg(root)
        .args(extra)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (report, out.status.code().unwrap())
}

fn results(report: &Value) -> &Vec<Value> {
    report["results"].as_array().unwrap()
}

/// The controls with at least one result of a status.
fn controls_with(report: &Value, status: &str) -> BTreeSet<String> {
    results(report)
        .iter()
        .filter(|r| r["status"] == status)
        .map(|r| r["control"].as_str().unwrap().to_string())
        .collect()
}

/// The results of one control.
fn of<'a>(report: &'a Value, control: &str) -> Vec<&'a Value> {
    results(report)
        .iter()
        .filter(|r| r["control"] == control)
        .collect()
}

fn only<'a>(report: &'a Value, control: &str) -> &'a Value {
    let found = of(report, control);
    assert_eq!(found.len(), 1, "{control}: {found:#?}");
    found[0]
}

fn evidence_text(result: &Value) -> String {
    serde_json::to_string(&result["evidence"]).unwrap()
}

#[test]
fn every_node_control_of_cis_kubernetes_1_12_has_a_result() {
    let root = build_root(&["kubeadm"], &[KUBEADM_MODES]);
    let (report, _) = audit_node(root.path(), &[]);
    let seen: BTreeSet<String> = results(&report)
        .iter()
        .map(|r| r["control"].as_str().unwrap().to_string())
        .collect();
    let table =
        fs::read_to_string(repo_root().join("crates/drydock-model/data/cis-kubernetes-1.12.tsv"))
            .unwrap();
    let wanted: BTreeSet<String> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t"))
        .filter_map(|l| l.split('\t').next())
        .filter(|id| !id.starts_with('5') && !id.is_empty())
        .map(str::to_string)
        .collect();
    assert_eq!(wanted.len(), 97);
    assert_eq!(seen, wanted);
}

#[test]
fn a_kubeadm_control_plane_fails_exactly_what_kubeadm_leaves_open() {
    let root = build_root(&["kubeadm"], &[KUBEADM_MODES]);
    let (report, code) = audit_node(root.path(), &[]);
    assert_eq!(code, 1);
    let failed: Vec<String> = controls_with(&report, "fail").into_iter().collect();
    assert_eq!(
        failed,
        [
            "1.1.12", "1.1.9", "1.2.1", "1.2.11", "1.2.15", "1.2.16", "1.2.17", "1.2.18", "1.2.19",
            "1.2.27", "1.2.28", "1.2.29", "1.2.3", "1.2.30", "1.2.5", "1.2.9", "1.3.2", "1.4.1",
            "3.2.1", "4.1.1", "4.1.9", "4.2.12", "4.2.13", "4.2.14", "4.2.9",
        ]
    );
    assert!(controls_with(&report, "unknown").is_empty());
    // kubeadm writes `streamingConnectionIdleTimeout: 0s`, which the kubelet reads as its 4h
    // default: not a failure.
    let idle = only(&report, "4.2.5");
    assert_eq!(idle["status"], "pass");
    assert!(evidence_text(idle).contains("4h0m0s"));
    assert!(evidence_text(idle).contains("/var/lib/kubelet/config.yaml line"));
    // The kubelet's configuration file decides anonymous access (false), not the flag default.
    let anonymous = only(&report, "4.2.1");
    assert_eq!(anonymous["status"], "pass");
    assert!(evidence_text(anonymous).contains("/var/lib/kubelet/config.yaml line 4"));
    // The default bind address of the controller manager is 0.0.0.0; kubeadm sets 127.0.0.1.
    assert_eq!(only(&report, "1.3.7")["status"], "pass");
    // kube-proxy runs as a DaemonSet under kubeadm: nothing of it on the host.
    for control in ["4.1.3", "4.1.4", "4.3.1"] {
        assert_eq!(
            only(&report, control)["status"],
            "not_applicable",
            "{control}"
        );
    }
    // The components were read from the static pod manifests, which the report names.
    let components = report["target"]["kubernetes_node"].as_array().unwrap();
    assert_eq!(components.len(), 5, "{components:?}");
}

#[test]
fn a_hardened_control_plane_passes_everything_a_node_can_pass() {
    let root = build_root(&["kubeadm", "hardened"], &[KUBEADM_MODES, HARDENED_MODES]);
    let (report, code) = audit_node(root.path(), &[]);
    assert!(
        controls_with(&report, "fail").is_empty(),
        "{:#?}",
        results(&report)
            .iter()
            .filter(|r| r["status"] == "fail")
            .collect::<Vec<_>>()
    );
    assert!(controls_with(&report, "unknown").is_empty());
    assert_eq!(code, 0);
    assert_eq!(
        controls_with(&report, "manual")
            .into_iter()
            .collect::<Vec<_>>(),
        [
            "1.2.20", "1.3.1", "2.7", "3.1.1", "3.1.2", "3.1.3", "3.2.2", "4.2.8"
        ]
    );
    // Structured authorization and authentication files decide, not the absent flags (whose
    // defaults are AlwaysAllow and anonymous access).
    let authz = only(&report, "1.2.6");
    assert_eq!(authz["status"], "pass");
    assert!(evidence_text(authz).contains("authorization.yaml"));
    assert!(evidence_text(only(&report, "1.2.1")).contains("authentication.yaml line 4"));
    // The encryption configuration is found through the pod's hostPath mount.
    let encryption = only(&report, "1.2.28");
    assert_eq!(encryption["status"], "pass");
    assert!(evidence_text(encryption).contains("/srv/kube-encryption/encryption.yaml line"));
    // etcd's data directory is owned by the etcd user of the node's /etc/passwd.
    assert_eq!(only(&report, "1.1.12")["status"], "pass");
    // The audit policy's levels are shown for the person judging 3.2.2.
    let policy = evidence_text(only(&report, "3.2.2"));
    assert!(
        policy.contains("level for secrets") && policy.contains("Metadata"),
        "{policy}"
    );
}

#[test]
fn an_insecure_control_plane_fails_by_exact_flags_lists_environment_and_bits() {
    let root = build_root(&["kubeadm", "insecure"], &[KUBEADM_MODES, INSECURE_MODES]);
    let (report, code) = audit_node(root.path(), &[]);
    assert_eq!(code, 1);
    let failed = controls_with(&report, "fail");
    for control in [
        "1.1.1", "1.1.2", "1.1.13", "1.1.11", "1.1.20", "1.1.21", "1.2.1", "1.2.2", "1.2.4",
        "1.2.6", "1.2.7", "1.2.8", "1.2.10", "1.2.12", "1.2.13", "1.2.14", "1.2.15", "1.2.17",
        "1.2.28", "1.2.29", "1.3.3", "1.3.6", "1.3.7", "1.4.2", "2.1", "2.2", "2.3", "2.5", "2.7",
        "4.2.1", "4.2.2", "4.2.4", "4.2.5", "4.2.6", "4.2.7", "4.2.10", "4.2.11", "4.2.14",
    ] {
        assert!(
            failed.contains(control),
            "{control} should fail: {failed:?}"
        );
    }
    // `--contention-profiling=false` is not `--profiling=false`.
    let profiling = only(&report, "1.2.15");
    assert!(
        profiling["message"]
            .as_str()
            .unwrap()
            .contains("defaults to true")
    );
    // Mode 0606 is below 0600 numerically and still fails; the owner uid 1000 fails too.
    assert!(
        only(&report, "1.1.1")["message"]
            .as_str()
            .unwrap()
            .contains("others read, others write")
    );
    // Admission plugins are a parsed list: the defaults minus what is disabled.
    assert!(
        only(&report, "1.2.13")["message"]
            .as_str()
            .unwrap()
            .contains("not enabled")
    );
    // The first provider writes: identity first fails even with aescbc second.
    assert!(
        only(&report, "1.2.28")["message"]
            .as_str()
            .unwrap()
            .contains("identity")
    );
    assert!(
        only(&report, "1.2.29")["message"]
            .as_str()
            .unwrap()
            .contains("TLS_RSA_WITH_AES_128_CBC_SHA")
    );
    // etcd's TLS settings come from its environment when no flag sets them.
    assert!(evidence_text(only(&report, "2.3")).contains("ETCD_AUTO_TLS=true"));
    // etcd trusts the API server's client CA.
    assert!(
        only(&report, "2.7")["message"]
            .as_str()
            .unwrap()
            .contains("same CA")
    );
    // Kubelet flags from /etc/default/kubelet win over its configuration file.
    let anonymous = only(&report, "4.2.1");
    assert!(
        evidence_text(anonymous).contains("--anonymous-auth=true"),
        "{anonymous:#}"
    );
    let idle = only(&report, "4.2.5");
    assert!(
        idle["message"].as_str().unwrap().contains("is 0"),
        "{idle:#}"
    );
    // `seccompDefault: false` is read as false, not as "present".
    assert_eq!(only(&report, "4.2.14")["status"], "fail");
}

#[test]
fn every_node_rule_catches_something_on_one_of_the_fixture_nodes() {
    // The node counterpart of the rule fixtures' invariant: a rule that only ever passes or is
    // not applicable cannot show that it catches anything.
    let mut caught: BTreeSet<String> = BTreeSet::new();
    let mut all: BTreeSet<String> = BTreeSet::new();
    for (trees, modes) in [
        (vec!["kubeadm"], vec![KUBEADM_MODES]),
        (
            vec!["kubeadm", "insecure"],
            vec![KUBEADM_MODES, INSECURE_MODES],
        ),
        (vec!["worker"], vec![WORKER_MODES]),
        (
            vec!["kubeadm", "hardened"],
            vec![KUBEADM_MODES, HARDENED_MODES],
        ),
        (
            vec!["kubeadm", "careless"],
            vec![KUBEADM_MODES, CARELESS_MODES],
        ),
    ] {
        let root = build_root(&trees, &modes);
        let (report, _) = audit_node(root.path(), &[]);
        for r in results(&report) {
            let control = r["control"].as_str().unwrap().to_string();
            if r["status"] == "fail" || r["status"] == "manual" {
                caught.insert(control.clone());
            }
            all.insert(control);
        }
    }
    let never: Vec<&String> = all.difference(&caught).collect();
    assert!(never.is_empty(), "never fail nor ask for review: {never:?}");
}

#[test]
fn kube_proxy_reads_its_config_file_over_its_flags() {
    let root = build_root(&["worker"], &[WORKER_MODES]);
    let (report, _) = audit_node(root.path(), &[]);
    // The flag says 127.0.0.1, but kube-proxy takes metricsBindAddress from --config.
    let metrics = only(&report, "4.3.1");
    assert_eq!(metrics["status"], "fail");
    assert!(evidence_text(metrics).contains("/etc/kube-proxy/config.yaml line"));
    // Its kubeconfig is the one the config file names.
    let kubeconfig = only(&report, "4.1.3");
    assert_eq!(kubeconfig["object"]["id"], "/etc/kube-proxy/kubeconfig");
    assert_eq!(kubeconfig["status"], "fail");
    assert_eq!(only(&report, "4.1.4")["status"], "fail");
}

#[test]
fn a_worker_kubelet_is_read_from_its_own_unit_with_a_config_dir_and_flags_over_files() {
    let root = build_root(&["worker"], &[WORKER_MODES]);
    let (report, _) = audit_node(root.path(), &[]);
    // No control plane here.
    for control in ["1.1.1", "1.2.1", "1.3.2", "1.4.1", "2.1", "3.2.1"] {
        assert_eq!(
            only(&report, control)["status"],
            "not_applicable",
            "{control}"
        );
    }
    // The file enables anonymous access; the 10-anonymous.conf drop-in turns it off again.
    let anonymous = only(&report, "4.2.1");
    assert_eq!(anonymous["status"], "pass");
    assert!(evidence_text(anonymous).contains("/etc/kubelet/conf.d/10-anonymous.conf line"));
    // The file opens the read-only port; the flag from /etc/sysconfig/kubelet closes it.
    let port = only(&report, "4.2.4");
    assert_eq!(port["status"], "pass");
    assert!(evidence_text(port).contains("--read-only-port=0"));
    assert_eq!(only(&report, "4.2.13")["status"], "pass");
    // File controls follow the paths the kubelet was given, not kubeadm's.
    assert_eq!(
        only(&report, "4.1.9")["object"]["id"],
        "/etc/kubelet/kubelet-config.yaml"
    );
    assert_eq!(
        only(&report, "4.1.5")["object"]["id"],
        "/etc/kubelet/kubeconfig"
    );
    assert_eq!(
        only(&report, "4.1.7")["object"]["id"],
        "/etc/kubelet/ca.crt"
    );
    assert_eq!(
        only(&report, "4.1.1")["object"]["id"],
        "/etc/systemd/system/kubelet.service"
    );
}

#[test]
fn broken_configuration_is_unknown_with_file_and_line_and_the_rest_is_still_audited() {
    let root = build_root(&["kubeadm"], &[KUBEADM_MODES]);
    fs::write(
        root.path().join("var/lib/kubelet/config.yaml"),
        "kind: KubeletConfiguration\nauthentication:\n  anonymous: [unclosed\n",
    )
    .unwrap();
    fs::write(
        root.path()
            .join("etc/kubernetes/manifests/kube-scheduler.yaml"),
        "apiVersion: v1\nkind: Pod\nspec: {containers: [\n",
    )
    .unwrap();
    let (report, code) = audit_node(root.path(), &[]);
    assert_eq!(code, 1, "the API server's failures still count");
    let anonymous = only(&report, "4.2.1");
    assert_eq!(anonymous["status"], "unknown");
    assert!(
        anonymous["message"]
            .as_str()
            .unwrap()
            .contains("/var/lib/kubelet/config.yaml line"),
        "{anonymous:#}"
    );
    let reasons = serde_json::to_string(&report["incomplete_reasons"]).unwrap();
    assert!(
        reasons.contains("/etc/kubernetes/manifests/kube-scheduler.yaml line"),
        "{reasons}"
    );
    assert_eq!(report["complete"], false);
    // The API server is audited all the same.
    assert_eq!(only(&report, "1.2.7")["status"], "pass");
}

#[test]
fn the_live_node_audit_reads_this_machines_proc_and_finds_no_kubernetes() {
    // This machine runs Docker and no Kubernetes: every control is not applicable, the run
    // says where it looked, and since nothing of a node was audited, it is incomplete (exit 3).
    let out = drydock()
        .args([
            "audit",
            "--kubernetes",
            "--no-docker",
            "--no-files",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!results(&report).is_empty());
    for r in results(&report) {
        assert_eq!(r["status"], "not_applicable", "{r:#}");
    }
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(report["complete"], false);
    let message = only(&report, "1.2.1")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("running processes"), "{message}");
}

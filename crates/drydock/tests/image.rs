//! drydock's container image, built as air-gapped users build it (`scripts/image`: a static
//! binary from this machine in the Dockerfile's final stage, nothing pulled), audits the host
//! from inside a container exactly as drydock does natively.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::process::Command;
use support::{drydock, node, repo_root, require_engine};

/// Results by (rule, object id): status and message.
fn results(report: &Value) -> BTreeMap<(String, String), (String, String)> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                (
                    r["rule_id"].as_str().unwrap().to_string(),
                    r["object"]["id"].as_str().unwrap().to_string(),
                ),
                (
                    r["status"].as_str().unwrap().to_string(),
                    r["message"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn the_image_audits_the_host_as_drydock_does_natively() {
    require_engine();
    let tag = format!("drydock-test/drydock-image:{}", std::process::id());
    let out = Command::new(repo_root().join("scripts/image"))
        .arg(&tag)
        .output()
        .expect("scripts/image runs");
    let _image = support::RemoveImage(tag.clone());
    assert!(
        out.status.success(),
        "scripts/image failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The image's own settings: no shell, no network tools, only the binary.
    let inspect = Command::new("docker")
        .args(["image", "inspect", "--format", "{{json .Config}}", &tag])
        .output()
        .unwrap();
    let config: Value = serde_json::from_slice(&inspect.stdout).unwrap();
    assert_eq!(config["Entrypoint"], serde_json::json!(["/drydock"]));

    // A container of the host's own, so that both audits judge containers (without one, the
    // native audit judges "all containers" and the contained one its own container alone).
    let (_container, _cleanup) = support::sleeping_container("img", "web", &[]);
    let native = drydock()
        .args([
            "audit",
            "--no-files",
            "--format",
            "json",
            "--fail-on",
            "none",
            "-q",
        ])
        .output()
        .unwrap();
    let native: Value = serde_json::from_slice(&native.stdout).unwrap();
    let name = format!("drydock-image-test-{}", std::process::id());
    let contained = Command::new("docker")
        .args([
            "run",
            "--rm",
            "--name",
            &name,
            "--pid",
            "host",
            "--network",
            "none",
            "--read-only",
            "-v",
            "/:/host:ro",
            "-v",
            "/var/run/docker.sock:/var/run/docker.sock:ro",
            &tag,
            "audit",
            "--root",
            "/host",
            "--no-files",
            "--format",
            "json",
            "--fail-on",
            "none",
            "-q",
        ])
        .output()
        .unwrap();
    assert!(
        contained.status.success(),
        "{}",
        String::from_utf8_lossy(&contained.stderr)
    );
    let contained: Value = serde_json::from_slice(&contained.stdout).unwrap();
    assert_eq!(contained["complete"], native["complete"]);
    // The container the audit ran in, by the name it was given.
    let own_id = contained["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["object"]["kind"] == "container" && r["object"]["name"] == name.as_str())
        .and_then(|r| r["object"]["id"].as_str())
        .map(str::to_string);
    assert!(
        own_id.is_some(),
        "the audit's own container is in its report"
    );
    let (native, contained) = (results(&native), results(&contained));
    // Its own container aside, every host and engine control gives the same result on the
    // same object.
    let mut compared = 0;
    for (key, found) in &contained {
        if Some(&key.1) == own_id.as_ref() {
            continue;
        }
        let expected = native
            .get(key)
            .unwrap_or_else(|| panic!("{key:?} only in the image's audit: {found:?}"));
        // The sprawl counts (6.1, 6.2) count the audit's own container too.
        if key.0 == "DH107" || key.0 == "DH108" {
            assert_eq!(found.0, expected.0, "{key:?}");
        } else {
            assert_eq!(found, expected, "{key:?}");
        }
        compared += 1;
    }
    for key in native.keys() {
        assert!(
            contained.contains_key(key),
            "{key:?} only in the native audit"
        );
    }
    assert!(compared > 150, "{compared} results compared");

    // The Kubernetes Job's own mounts, each pointed at a node fixture instead of the node, and
    // its own arguments: the same results as `--kubernetes --root FIXTURE` natively.
    for (trees, modes) in [
        (vec!["kubeadm"], vec![node::KUBEADM_MODES]),
        (
            vec!["kubeadm", "insecure"],
            vec![node::KUBEADM_MODES, node::INSECURE_MODES],
        ),
    ] {
        let root = node::build_root(&trees, &modes);
        // What the kubelet creates for the Job's `DirectoryOrCreate` paths exists on the node
        // for both audits (a node always has a /proc).
        let job = job_mounts();
        for (host_path, _, is_file) in &job {
            let on_node = root.path().join(host_path.trim_start_matches('/'));
            if !on_node.exists() {
                if *is_file {
                    std::fs::create_dir_all(on_node.parent().unwrap()).unwrap();
                    std::fs::write(&on_node, "").unwrap();
                } else {
                    std::fs::create_dir_all(&on_node).unwrap();
                }
            }
        }
        let native = node::audit_node_command(root.path())
            .args(["--fail-on", "none"])
            .output()
            .unwrap();
        let native: Value = serde_json::from_slice(&native.stdout).unwrap();
        let contained = run_as_the_job(&tag, root.path());
        assert_eq!(contained["complete"], native["complete"], "{trees:?}");
        let (native, contained) = (results(&native), results(&contained));
        assert_eq!(contained, native, "{trees:?}");
        assert!(native.len() > 50, "{trees:?}: {} results", native.len());
    }
}

/// The Job of `deploy/kubernetes/node-job.yaml`.
fn job() -> Value {
    let text =
        std::fs::read_to_string(repo_root().join("deploy/kubernetes/node-job.yaml")).unwrap();
    drydock_parse::yaml::parse_stream(&text)
        .into_iter()
        .filter_map(|d| d.root.map(|r| r.to_json()))
        .find(|d| d["kind"] == "Job")
        .expect("the Job")
}

/// The Job's mounts: host path, path in the container, whether it is a file.
fn job_mounts() -> Vec<(String, String, bool)> {
    let job = job();
    let pod = &job["spec"]["template"]["spec"];
    pod["containers"][0]["volumeMounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|mount| {
            let volume = pod["volumes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["name"] == mount["name"])
                .unwrap();
            (
                volume["hostPath"]["path"].as_str().unwrap().to_string(),
                mount["mountPath"].as_str().unwrap().to_string(),
                volume["hostPath"]["type"] == "File",
            )
        })
        .collect()
}

/// Runs the image as the Job runs it (its arguments, its mounts, read-only, no network), with
/// each host path taken under `node` instead of `/`.
fn run_as_the_job(tag: &str, node: &std::path::Path) -> Value {
    let mut cmd = Command::new("docker");
    cmd.args(["run", "--rm", "--network", "none", "--read-only"]);
    for (host_path, target, _) in job_mounts() {
        let on_node = node.join(host_path.trim_start_matches('/'));
        cmd.arg("-v")
            .arg(format!("{}:{target}:ro", on_node.display()));
    }
    cmd.arg(tag);
    for arg in job()["spec"]["template"]["spec"]["containers"][0]["args"]
        .as_array()
        .unwrap()
    {
        cmd.arg(arg.as_str().unwrap());
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_node_job_and_daemonset_validate_and_ask_only_for_what_the_audit_needs() {
    for file in ["node-job.yaml", "node-daemonset.yaml"] {
        let manifest = repo_root().join("deploy/kubernetes").join(file);
        let python = std::env::var("DRYDOCK_PYTHON").expect(
            "DRYDOCK_PYTHON must name the Python of scripts/test (with kubernetes-validate)",
        );
        let out = Command::new(std::path::Path::new(&python).with_file_name("kubernetes-validate"))
            .args(["--strict", "--quiet"])
            .arg(&manifest)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{file}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // drydock's own manifest audit: only the needs the files list in their headers.
        let out = drydock()
            .args([
                "audit",
                "--no-host",
                "-q",
                "--format",
                "json",
                "--fail-on",
                "none",
            ])
            .arg(&manifest)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut failed: Vec<&str> = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == "fail")
            .map(|r| r["rule_id"].as_str().unwrap())
            .collect();
        failed.sort_unstable();
        failed.dedup();
        assert_eq!(
            failed,
            ["KP02", "KP04", "KP05", "KP12", "KP14", "KP15", "KP17"],
            "{file}"
        );
    }
}

//! Live tests against the machine's real Docker engine: containers that each break one family of
//! controls, one hardened container, and the audit must tell them apart.

mod support;

use serde_json::Value;
use std::process::Command;
use support::*;

const IMAGE: &str = "drydock-test/busybox:1";

struct Fleet {
    prefix: String,
    _cleanup: Cleanup,
    _shared_mount: Option<SharedMount>,
}

/// A temporary directory bind-mounted onto itself and made shared, so a container can use
/// shared propagation whatever the host's root mount is.
struct SharedMount {
    dir: tempfile::TempDir,
}

impl Drop for SharedMount {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .output();
    }
}

fn shared_mount() -> SharedMount {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_str().expect("utf-8 path").to_string();
    for args in [vec!["--bind", &path, &path], vec!["--make-rshared", &path]] {
        let out = Command::new("mount")
            .args(&args)
            .output()
            .expect("mount runs");
        assert!(
            out.status.success(),
            "mount {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    SharedMount { dir }
}

fn run(prefix: &str, label: &str, name: &str, flags: &[&str], command: &[&str]) {
    let full = format!("{prefix}-{name}");
    let mut args = vec!["run", "-d", "--name", &full, "--label", label];
    args.extend_from_slice(flags);
    args.push(IMAGE);
    args.extend_from_slice(command);
    docker(&args);
}

fn start_fleet() -> Fleet {
    test_images();
    let prefix = format!("ddt{}", std::process::id());
    let label = format!("drydock-test={prefix}");
    let cleanup = Cleanup {
        label: label.clone(),
    };
    let sleep = ["sleep", "3600"];
    // This machine's kernel withholds CAP_SYS_RESOURCE even from root, so runc cannot start a
    // privileged container here; it is created, and audited as a stopped container.
    let privileged = format!("{prefix}-privileged");
    docker(&[
        "create",
        "--name",
        &privileged,
        "--label",
        &label,
        "--privileged",
        IMAGE,
        "sleep",
        "3600",
    ]);
    run(
        &prefix,
        &label,
        "hostns",
        &[
            "--network",
            "host",
            "--pid",
            "host",
            "--ipc",
            "host",
            "--uts",
            "host",
            "--userns",
            "host",
        ],
        &sleep,
    );
    run(
        &prefix,
        &label,
        "mounts",
        &[
            "-v",
            "/var/run/docker.sock:/var/run/docker.sock",
            "-v",
            "/etc:/host-etc",
        ],
        &sleep,
    );
    run(
        &prefix,
        &label,
        "sysadmin",
        &["--cap-add", "SYS_ADMIN"],
        &sleep,
    );
    run(&prefix, &label, "nolimits", &["-p", "80:80"], &sleep);
    run(
        &prefix,
        &label,
        "seccomp",
        &["--security-opt", "seccomp=unconfined"],
        &sleep,
    );
    let shared = shared_mount();
    let bind = format!("{}:/shared:rshared", shared.dir.path().display());
    run(&prefix, &label, "propagation", &["-v", &bind], &sleep);
    run(&prefix, &label, "restart", &["--restart", "always"], &sleep);
    run(&prefix, &label, "sshd", &[], &["/usr/sbin/sshd"]);
    run(
        &prefix,
        &label,
        "hardened",
        &[
            "--read-only",
            "--memory",
            "64m",
            "--cpu-shares",
            "512",
            "--pids-limit",
            "64",
            "--security-opt",
            "no-new-privileges",
            "--cap-drop",
            "ALL",
            "--user",
            "1000:1000",
            "--health-cmd",
            "true",
            "--restart",
            "on-failure:5",
            "-p",
            "127.0.0.1::8080",
        ],
        &sleep,
    );
    Fleet {
        prefix,
        _cleanup: cleanup,
        _shared_mount: Some(shared),
    }
}

fn expect(report: &Value, fleet: &Fleet, cases: &[(&str, &str, &str)]) {
    let mut wrong = Vec::new();
    for (control, container, want) in cases {
        let name = format!("{}-{container}", fleet.prefix);
        let got = status_of(report, control, &name);
        if got != *want {
            let found = results_for(report, control, &name);
            wrong.push(format!(
                "{control} on {container}: expected {want}, got {got}: {}",
                found[0]["message"]
            ));
        }
    }
    assert!(wrong.is_empty(), "wrong outcomes:\n{}", wrong.join("\n"));
}

#[test]
fn live_audit_tells_insecure_and_hardened_containers_apart() {
    let fleet = start_fleet();
    let (report, out) = audit_json(&[]);
    assert_eq!(out.status.code(), Some(1), "failures must give exit code 1");
    let insecure = [
        "privileged",
        "hostns",
        "mounts",
        "sysadmin",
        "nolimits",
        "seccomp",
        "propagation",
        "restart",
        "sshd",
    ];

    let mut cases: Vec<(&str, &str, &str)> = vec![
        ("5.5", "privileged", "fail"),
        ("5.4", "privileged", "fail"),
        ("5.22", "privileged", "fail"),
        ("5.18", "privileged", "fail"),
        ("5.10", "hostns", "fail"),
        ("5.16", "hostns", "fail"),
        ("5.17", "hostns", "fail"),
        ("5.21", "hostns", "fail"),
        ("5.31", "hostns", "fail"),
        ("5.6", "mounts", "fail"),
        ("5.32", "mounts", "fail"),
        ("5.4", "sysadmin", "fail"),
        ("5.11", "nolimits", "fail"),
        ("5.12", "nolimits", "fail"),
        ("5.29", "nolimits", "fail"),
        ("5.8", "nolimits", "fail"),
        ("5.14", "nolimits", "fail"),
        ("5.9", "nolimits", "manual"),
        ("5.22", "seccomp", "fail"),
        ("5.20", "propagation", "fail"),
        ("5.15", "restart", "fail"),
        ("5.7", "sshd", "fail"),
        ("5.7", "nolimits", "pass"),
        ("5.7", "privileged", "not_applicable"),
    ];
    for c in insecure {
        cases.push(("4.1", c, "fail"));
        cases.push(("5.13", c, "fail"));
        cases.push(("5.26", c, "fail"));
        cases.push(("5.27", c, "fail"));
    }
    for control in [
        "4.1", "5.4", "5.5", "5.6", "5.7", "5.8", "5.10", "5.11", "5.12", "5.13", "5.14", "5.15",
        "5.16", "5.17", "5.18", "5.20", "5.21", "5.22", "5.26", "5.27", "5.29", "5.31", "5.32",
    ] {
        cases.push((control, "hardened", "pass"));
    }
    // The controls the insecure containers do not break stay green on them.
    for c in ["sysadmin", "seccomp", "restart", "sshd"] {
        cases.push(("5.5", c, "pass"));
        cases.push(("5.10", c, "pass"));
        cases.push(("5.6", c, "pass"));
        cases.push(("5.32", c, "pass"));
    }
    expect(&report, &fleet, &cases);

    // The capability finding names what was added.
    let sysadmin = results_for(&report, "5.4", &format!("{}-sysadmin", fleet.prefix));
    assert!(
        sysadmin[0]["message"]
            .as_str()
            .unwrap()
            .contains("SYS_ADMIN")
    );
    // Both the IPv4 and the IPv6 wildcard bindings of -p 80:80 are evidence.
    let ports = results_for(&report, "5.14", &format!("{}-nolimits", fleet.prefix));
    assert!(!ports[0]["evidence"].as_array().unwrap().is_empty());

    // Image-level controls.
    assert_eq!(status_of(&report, "4.6", IMAGE), "fail");
    assert_eq!(status_of(&report, "4.6", "drydock-test/healthy:1"), "pass");

    // Without the host's /proc (a --root with none), process lists come from the Engine API.
    let empty_root = tempfile::tempdir().unwrap();
    let (via_api, _) = audit_json(&[
        "--root",
        empty_root.path().to_str().unwrap(),
        "--rule",
        "5.7",
    ]);
    let sshd = results_for(&via_api, "5.7", &format!("{}-sshd", fleet.prefix));
    assert_eq!(sshd[0]["status"], "fail");
    assert_eq!(sshd[0]["evidence"][0]["source"], "GET /containers/{id}/top");
    let sshd = results_for(&report, "5.7", &format!("{}-sshd", fleet.prefix));
    assert_eq!(
        sshd[0]["evidence"][0]["source"],
        "/proc of the host (by cgroup)"
    );

    // --running-only leaves the stopped (privileged) container out.
    let (running, _) = audit_json(&["--running-only", "--rule", "5.5"]);
    assert!(results_for(&running, "5.5", &format!("{}-privileged", fleet.prefix)).is_empty());
    assert_eq!(
        status_of(&running, "5.5", &format!("{}-hostns", fleet.prefix)),
        "pass"
    );

    // collect, then audit --facts, gives the same report as a live audit.
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("facts.json");
    let status = drydock()
        .args(["collect", "--no-files", "--quiet", "--out"])
        .arg(&facts)
        .status()
        .unwrap();
    assert!(status.success());
    let (offline, _) = audit_any_json(&["--facts", facts.to_str().unwrap()]);
    let (live, _) = audit_json(&[]);
    assert_eq!(
        offline, live,
        "an audit of collected facts must equal a live audit"
    );
    // A second collection is identical: nothing in the facts depends on the moment.
    let again = dir.path().join("again.json");
    drydock()
        .args(["collect", "--no-files", "--quiet", "--out"])
        .arg(&again)
        .status()
        .unwrap();
    let a: Value = serde_json::from_str(&std::fs::read_to_string(&facts).unwrap()).unwrap();
    let b: Value = serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    assert_eq!(
        a["engine"]["value"]["containers"],
        b["engine"]["value"]["containers"]
    );
}

#[test]
fn unreachable_daemon_gives_unknown_and_an_incomplete_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("none.sock");
    let host = format!("unix://{}", socket.display());
    let (report, out) = audit_json(&["--docker-host", &host, "--fail-on", "none"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "an incomplete audit without failures exits 3"
    );
    assert_eq!(report["complete"], false);
    assert!(
        report["incomplete_reasons"][0]
            .as_str()
            .unwrap()
            .contains("Docker Engine API")
    );
    // Engine-derived controls are unknown, never passed.
    for r in report["results"].as_array().unwrap() {
        if r["section"] == 5 {
            assert_eq!(r["status"], "unknown", "{}", r["title"]);
        }
    }
    // Host file checks still ran.
    assert!(
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["section"] == 3 && r["status"] == "pass")
    );
}

#[test]
fn a_daemon_that_never_answers_times_out() {
    // A socket that accepts connections and never replies.
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("silent.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let _hold = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let host = format!("unix://{}", socket.display());
    let started = std::time::Instant::now();
    let (report, out) = audit_json(&[
        "--docker-host",
        &host,
        "--timeout",
        "2",
        "--fail-on",
        "none",
    ]);
    assert!(
        started.elapsed().as_secs() < 30,
        "the timeout must bound the audit"
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        report["incomplete_reasons"][0]
            .as_str()
            .unwrap()
            .contains("did not answer"),
        "{}",
        report["incomplete_reasons"]
    );
}

#[test]
fn image_layers_are_read_from_the_engine_and_from_saved_archives() {
    test_images();
    let tag = "drydock-test/leaky:1".to_string();
    let object = format!("{tag} (docker-image:{tag})");
    let (report, _) = audit_json(&[
        "--image-layers",
        "--rule",
        "AR005",
        "--rule",
        "AR006",
        "--fail-on",
        "none",
    ]);
    let setuid = results_for_object(&report, "archived-image-setuid-files", &object);
    assert!(setuid.contains("/bin/suid-tool (4755)"), "{setuid}");
    let keys = results_for_object(&report, "archived-image-secret-files", &object);
    assert!(keys.contains("/root/.ssh/id_ed25519"), "{keys}");
    // A file deleted in a later layer is gone from the image.
    assert!(!keys.contains("gone.pem"), "{keys}");

    // The same image saved with `docker save` and audited as a file.
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("leaky.tar");
    docker(&["save", "-o", archive.to_str().unwrap(), &tag]);
    let (report, _) =
        audit_any_json(&["--no-host", "--fail-on", "none", archive.to_str().unwrap()]);
    let object = format!("{tag} ({})", archive.display());
    let setuid = results_for_object(&report, "archived-image-setuid-files", &object);
    assert!(setuid.contains("/bin/suid-tool (4755)"), "{setuid}");
    assert!(
        results_for_object(&report, "archived-image-runs-as-root", &object)
            .contains("runs as root")
    );
}

fn results_for_object(report: &Value, rule: &str, object: &str) -> String {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule_name"] == rule && r["object"]["name"] == object)
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

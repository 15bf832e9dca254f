//! A fleet of Docker engines audited in one run: three extra engines beside the machine's own
//! (one of them reached over TCP, as another machine's would be), different containers in each.
//! Each section equals the engine's single audit, merged the same way; the TCP engine's host
//! controls are unknown (its host is not this machine's, as far as drydock can tell); an
//! engine that cannot be reached leaves its section unknown and the others complete.

mod support;

use serde_json::Value;
use std::fs;
use support::engines::ExtraEngine;
use support::{drydock, sleeping_container, test_images};

/// A free TCP port on the loopback interface.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    })
}

/// The fleet report without where each host's report came from (an endpoint in one run, a file
/// in the other).
fn without_sources(mut fleet: Value) -> Value {
    for host in fleet["hosts"].as_array_mut().unwrap() {
        host.as_object_mut().unwrap().remove("source");
    }
    fleet
}

#[test]
fn four_engines_in_one_run_equal_their_audits_one_by_one_merged() {
    test_images();
    let (_system_container, _cleanup) = sleeping_container("fleet", "web", &[]);
    let one = ExtraEngine::start(1, None);
    let two = ExtraEngine::start(2, None);
    let three = ExtraEngine::start(3, Some(free_port()));
    one.container("one-app", &["--pids-limit", "100", "--memory", "64m"]);
    two.container("two-app", &[]);
    two.container("two-worker", &["--read-only"]);
    three.container("three-app", &["--cap-drop", "ALL"]);
    let endpoints = [
        "unix:///var/run/docker.sock".to_string(),
        one.socket.clone(),
        two.socket.clone(),
        three.tcp.clone().unwrap(),
    ];
    let audit = |hosts: &[String]| {
        let mut cmd = drydock();
        cmd.args([
            "audit",
            "--no-files",
            "--format",
            "json",
            "--fail-on",
            "none",
            "-q",
        ]);
        for host in hosts {
            cmd.args(["--docker-host", host]);
        }
        cmd.output().unwrap()
    };
    let fleet = json(&audit(&endpoints));
    // One by one, saved, then merged in the same order.
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, endpoint) in endpoints.iter().enumerate() {
        let out = audit(std::slice::from_ref(endpoint));
        let report = json(&out);
        assert_eq!(report["target"]["engine_endpoint"], endpoint.as_str());
        let file = dir.path().join(format!("{i}.json"));
        fs::write(&file, &out.stdout).unwrap();
        files.push(file);
    }
    let merged = drydock()
        .args(["merge", "--format", "json"])
        .args(&files)
        .output()
        .unwrap();
    let merged = json(&merged);
    assert_eq!(without_sources(fleet.clone()), without_sources(merged));

    // Every section is there, and each engine's containers are its own.
    let hosts = fleet["hosts"].as_array().unwrap();
    assert_eq!(hosts.len(), 4, "{hosts:?}");
    let control = |id: &str| {
        fleet["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["control"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    // three-app drops every capability; the others keep them.
    let capabilities = control("5.4");
    assert!(
        capabilities.is_null() || capabilities["failing_hosts"].as_array().unwrap().len() <= 3,
        "{capabilities}"
    );
    // The TCP engine is another machine's: its host controls are unknown, with the reason.
    let remote = hosts
        .iter()
        .find(|h| h["name"].as_str().unwrap().contains("tcp://"))
        .unwrap_or_else(|| panic!("{hosts:?}"));
    assert_eq!(remote["complete"], false);
    assert!(
        remote["incomplete_reasons"]
            .to_string()
            .contains("engine only"),
        "{remote}"
    );
    let local = hosts
        .iter()
        .find(|h| h["name"].as_str().unwrap().contains(&one.socket))
        .unwrap_or_else(|| panic!("{hosts:?}"));
    assert_eq!(local["complete"], true, "{local}");
    drop((one, two, three));
}

#[test]
fn an_unreachable_engine_leaves_its_section_unknown_and_the_others_complete() {
    test_images();
    let one = ExtraEngine::start(4, None);
    one.container("alone", &[]);
    let gone = format!("unix://{}", one.root().join("gone.sock").display());
    let out = drydock()
        .args([
            "audit",
            "--no-files",
            "--format",
            "json",
            "--fail-on",
            "none",
            "-q",
            "--timeout",
            "5",
            "--docker-host",
        ])
        .arg(&one.socket)
        .args(["--docker-host", &gone])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fleet = json(&out);
    let hosts = fleet["hosts"].as_array().unwrap();
    assert_eq!(hosts.len(), 2);
    let broken = hosts
        .iter()
        .find(|h| h["name"].as_str().unwrap().contains("gone.sock"))
        .unwrap_or_else(|| panic!("{hosts:?}"));
    assert_eq!(broken["complete"], false);
    assert!(
        broken["incomplete_reasons"]
            .to_string()
            .contains("no such socket"),
        "{broken}"
    );
    let fine = hosts.iter().find(|h| *h != broken).unwrap();
    assert_eq!(fine["complete"], true, "{fine}");
}

/// An sshd of the test's own on a loopback port (Debian's openssh-server), with a key made for
/// the test, and an `ssh` on the PATH that uses them; stopped when dropped.
struct Sshd {
    dir: tempfile::TempDir,
    pid: u32,
    port: u16,
}

impl Sshd {
    fn start() -> Sshd {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for key in ["host_key", "user_key"] {
            let ok = std::process::Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(d.join(key))
                .status()
                .expect("ssh-keygen runs (apt-get install openssh-client)");
            assert!(ok.success());
        }
        fs::copy(d.join("user_key.pub"), d.join("authorized_keys")).unwrap();
        let port = free_port();
        fs::write(
            d.join("sshd_config"),
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {0}/host_key\nAuthorizedKeysFile {0}/authorized_keys\nPermitRootLogin prohibit-password\nPasswordAuthentication no\nStrictModes no\nPidFile {0}/sshd.pid\nUsePAM no\n",
                d.display()
            ),
        )
        .unwrap();
        fs::create_dir_all("/run/sshd").unwrap();
        let ok = std::process::Command::new("/usr/sbin/sshd")
            .arg("-f")
            .arg(d.join("sshd_config"))
            .arg("-E")
            .arg(d.join("sshd.log"))
            .status()
            .expect("sshd runs (apt-get install openssh-server)");
        assert!(ok.success());
        // sshd creates its pid file before it writes the number into it: wait for a number.
        let start = std::time::Instant::now();
        let pid: u32 = loop {
            let written = fs::read_to_string(d.join("sshd.pid")).unwrap_or_default();
            if let Ok(pid) = written.trim().parse() {
                break pid;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(10),
                "sshd did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        fs::write(
            d.join("ssh_config"),
            format!(
                "Host 127.0.0.1\n  IdentityFile {}/user_key\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n",
                d.display()
            ),
        )
        .unwrap();
        fs::create_dir_all(d.join("bin")).unwrap();
        let wrapper = d.join("bin/ssh");
        fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\nexec /usr/bin/ssh -F {}/ssh_config \"$@\"\n",
                d.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&wrapper, fs::Permissions::from_mode(0o755)).unwrap();
        Sshd { dir, pid, port }
    }

    fn path(&self) -> String {
        format!(
            "{}:{}",
            self.dir.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .arg(self.pid.to_string())
            .status();
    }
}

#[test]
fn an_ssh_engine_is_read_through_docker_system_dial_stdio() {
    test_images();
    let (container, _cleanup) = sleeping_container("fleetssh", "web", &[]);
    let sshd = Sshd::start();
    let audit = |endpoint: &str| {
        json(
            &drydock()
                .args([
                    "audit",
                    "--no-files",
                    "--format",
                    "json",
                    "--fail-on",
                    "none",
                    "-q",
                ])
                .args(["--docker-host", endpoint])
                .env("PATH", sshd.path())
                .output()
                .unwrap(),
        )
    };
    let local = audit("unix:///var/run/docker.sock");
    let over_ssh = audit(&format!("ssh://root@127.0.0.1:{}", sshd.port));
    // The engine's answers are the same either way: every result on this test's container and
    // on the shared test images. Other tests start and remove containers and images on the same
    // engine meanwhile; one removed between the two audits is rightly unknown in the second.
    let stable_images = [
        "drydock-test/busybox:1",
        "drydock-test/base:1",
        "drydock-test/healthy:1",
        "drydock-test/leaky:1",
    ];
    let ours = |r: &Value| {
        let name = r["object"]["name"].as_str().unwrap_or("");
        match r["object"]["kind"].as_str() {
            Some("container") => name.trim_start_matches('/') == container,
            Some("image") => stable_images.iter().any(|tag| name.contains(tag)),
            _ => false,
        }
    };
    let engine_results = |report: &Value| -> Vec<(String, String, String)> {
        let mut v: Vec<(String, String, String)> = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| ours(r))
            .map(|r| {
                (
                    r["rule_id"].as_str().unwrap().to_string(),
                    r["object"]["id"].as_str().unwrap().to_string(),
                    r["status"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (a, b) = (engine_results(&local), engine_results(&over_ssh));
    assert!(a.len() > 20, "{} results", a.len());
    assert!(
        local["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["object"]["kind"] == "container" && ours(r)),
        "the test's container {container} is among the results"
    );
    // Two controls follow what only the host can tell: sshd's (the host's own process list
    // answers it locally; over ssh the engine is asked), and no-new-privileges (a container's
    // follows the daemon's default, which is in the host's daemon.json: unknown over ssh).
    let differ: Vec<_> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y && !["DH081", "DH100"].contains(&x.0.as_str()))
        .collect();
    assert!(differ.is_empty() && a.len() == b.len(), "{differ:?}");
    // Another machine's engine, as far as drydock can tell: host controls unknown.
    assert!(
        over_ssh["incomplete_reasons"]
            .to_string()
            .contains("engine only"),
        "{}",
        over_ssh["incomplete_reasons"]
    );
}

#[test]
fn docker_contexts_name_the_engines() {
    let dir = tempfile::tempdir().unwrap();
    for (meta, name) in [("a1", "blue"), ("b2", "green")] {
        let d = dir.path().join("contexts/meta").join(meta);
        fs::create_dir_all(&d).unwrap();
        fs::write(
            d.join("meta.json"),
            format!(
                r#"{{"Name":"{name}","Metadata":{{}},"Endpoints":{{"docker":{{"Host":"unix:///var/run/docker.sock","SkipTLSVerify":false}}}}}}"#
            ),
        )
        .unwrap();
    }
    let run = |args: &[&str]| {
        drydock()
            .args([
                "audit",
                "--no-files",
                "--format",
                "json",
                "--fail-on",
                "none",
                "-q",
            ])
            .args(args)
            .env("DOCKER_CONFIG", dir.path())
            .output()
            .unwrap()
    };
    let fleet = json(&run(&["--all-contexts"]));
    let sources: Vec<&str> = fleet["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources.len(), 2, "{fleet}");
    assert!(
        sources.contains(&"blue") && sources.contains(&"green"),
        "{sources:?}"
    );
    let single = json(&run(&["--context", "green"]));
    assert_eq!(
        single["target"]["engine_endpoint"],
        "unix:///var/run/docker.sock"
    );
    let missing = run(&["--context", "red"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains("no docker context named red"), "{err}");
}

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

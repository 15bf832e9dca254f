//! Faults of the real Docker engine mid-audit: drydock talks to the machine's engine through a
//! proxy socket that forwards every byte and, at the moment chosen, makes a container vanish
//! or the daemon go away. What could not be read is unknown with its reason, never a pass,
//! and the report says the audit is incomplete.

mod support;

use serde_json::Value;
use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use support::*;

const IMAGE: &str = "drydock-test/busybox:1";
const ENGINE: &str = "/var/run/docker.sock";

/// What the proxy does when it first sees a request for a path containing `trigger`, before
/// forwarding it.
#[derive(Clone, Copy)]
enum Fault {
    /// Run a command (remove a container) and forward the request as usual.
    RunFirst(fn()),
    /// Close every connection and refuse new ones: the daemon is gone.
    DaemonDies,
}

struct Proxy {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

fn proxy(trigger: String, fault: Fault) -> Proxy {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("engine.sock");
    let listener = UnixListener::bind(&socket).unwrap();
    let open: Arc<Mutex<Vec<UnixStream>>> = Arc::default();
    let dead = Arc::new(Mutex::new(false));
    let fired = Arc::new(Mutex::new(false));
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            if *dead.lock().unwrap() {
                // A dead daemon accepts nothing: the connection closes at once.
                drop(client);
                continue;
            }
            let upstream = UnixStream::connect(ENGINE).expect("the engine's socket");
            open.lock().unwrap().push(client.try_clone().unwrap());
            open.lock().unwrap().push(upstream.try_clone().unwrap());
            let (mut from_engine, mut to_client) =
                (upstream.try_clone().unwrap(), client.try_clone().unwrap());
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut from_engine, &mut to_client);
                let _ = to_client.shutdown(std::net::Shutdown::Both);
            });
            let (open, dead, fired, trigger) =
                (open.clone(), dead.clone(), fired.clone(), trigger.clone());
            let (mut from_client, mut to_engine) = (client, upstream);
            std::thread::spawn(move || {
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = match from_client.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    let chunk = String::from_utf8_lossy(&buf[..n]);
                    if chunk.contains(&trigger)
                        && !std::mem::replace(&mut *fired.lock().unwrap(), true)
                    {
                        match fault {
                            Fault::RunFirst(action) => action(),
                            Fault::DaemonDies => {
                                *dead.lock().unwrap() = true;
                                for s in open.lock().unwrap().iter() {
                                    let _ = s.shutdown(std::net::Shutdown::Both);
                                }
                                break;
                            }
                        }
                    }
                    if to_engine.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = to_engine.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    Proxy { socket, _dir: dir }
}

fn audit_through(proxy: &Proxy) -> (Value, std::process::Output) {
    let host = format!("unix://{}", proxy.socket.display());
    audit_json(&[
        "--docker-host",
        &host,
        "--fail-on",
        "none",
        "--timeout",
        "10",
    ])
}

fn start(name: &str, label: &str) -> String {
    docker(&[
        "run", "-d", "--name", name, "--label", label, IMAGE, "sleep", "600",
    ])
}

fn container_results<'a>(report: &'a Value, name: &str) -> Vec<&'a Value> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["object"]["kind"] == "container" && r["object"]["name"] == name)
        .collect()
}

const VANISHING: &str = "drydock-fault-vanishing";

fn remove_vanishing() {
    docker(&["rm", "-f", VANISHING]);
}

#[test]
fn a_container_removed_mid_audit_is_unknown_and_the_audit_incomplete() {
    test_images();
    let label = "drydock-test=faults-vanish";
    let _cleanup = Cleanup {
        label: label.into(),
    };
    let id = start(VANISHING, label);
    // The container is listed, then removed the moment drydock asks to inspect it.
    let proxy = proxy(
        format!("/containers/{id}/json"),
        Fault::RunFirst(remove_vanishing),
    );
    let (report, out) = audit_through(&proxy);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["complete"], false);
    let reasons = report["incomplete_reasons"].to_string();
    assert!(
        reasons.contains(&format!("container {VANISHING} skipped")),
        "{reasons}"
    );
    let results = container_results(&report, VANISHING);
    assert!(
        results.len() > 20,
        "every container control has a result: {}",
        results.len()
    );
    for r in results {
        assert_eq!(r["status"], "unknown", "{r}");
        assert!(
            r["message"]
                .as_str()
                .unwrap()
                .contains("removed before it could be inspected"),
            "{r}"
        );
    }
}

#[test]
fn a_daemon_that_stops_mid_audit_leaves_unknowns_never_passes() {
    test_images();
    let label = "drydock-test=faults-dies";
    let _cleanup = Cleanup {
        label: label.into(),
    };
    let name = "drydock-fault-orphan";
    let id = start(name, label);
    // The daemon answers the version, info and lists, and goes away when containers are
    // inspected.
    let proxy = proxy(format!("/containers/{id}/json"), Fault::DaemonDies);
    let (report, out) = audit_through(&proxy);
    assert_eq!(
        report["complete"],
        false,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(out.status.code(), Some(0));
    let reasons = report["incomplete_reasons"].to_string();
    assert!(
        reasons.contains(&format!("container {name} skipped")),
        "{reasons}"
    );
    let results = container_results(&report, name);
    assert!(!results.is_empty());
    for r in results {
        assert_eq!(r["status"], "unknown", "{r}");
        assert!(
            r["message"]
                .as_str()
                .unwrap()
                .contains("could not be inspected"),
            "{r}"
        );
    }
    // Host file checks, which need no daemon, still ran.
    assert!(
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["section"] == 3 && r["status"] == "pass")
    );
}

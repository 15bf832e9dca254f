//! Hostile input, round two: files that would hang the audit or slip through it unread.
//! Nothing hangs, what the real consumer reads drydock reads, and a file drydock could not
//! read makes the audit incomplete (exit 3) and is named.

mod support;

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::drydock;

/// Runs drydock with a deadline: a run that does not end within it is killed and fails the
/// test (`timeout` semantics, so a hang shows as a failure, not as a stuck suite).
fn run_with_deadline(cmd: &mut Command, deadline: Duration) -> (i32, Value, String) {
    // Output goes to files, not pipes: a full pipe would block the child while this waits.
    let stdout = tempfile::NamedTempFile::new().unwrap();
    let stderr = tempfile::NamedTempFile::new().unwrap();
    let mut child = cmd
        .stdout(Stdio::from(stdout.reopen().unwrap()))
        .stderr(Stdio::from(stderr.reopen().unwrap()))
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            panic!("drydock did not finish within {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = child.wait().unwrap();
    let report = serde_json::from_slice(&fs::read(stdout.path()).unwrap()).unwrap_or(Value::Null);
    (
        status.code().unwrap_or(-1),
        report,
        fs::read_to_string(stderr.path()).unwrap_or_default(),
    )
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn incomplete_reasons(report: &Value) -> Vec<String> {
    report["incomplete_reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

fn failed_rules(report: &Value) -> Vec<String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .map(|r| r["rule_name"].as_str().unwrap().to_string())
        .collect()
}

fn audit_dir(dir: &Path) -> (i32, Value, String) {
    run_with_deadline(
        drydock().current_dir(dir).args([
            "audit",
            "--no-host",
            "--no-config",
            "--format",
            "json",
            "-q",
            ".",
        ]),
        Duration::from_secs(60),
    )
}

#[test]
fn case_01_fifos_are_never_opened_for_reading() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in [
        "Dockerfile",
        "compose.yaml",
        "pod.yaml",
        "image.tar",
        "base.yaml",
    ] {
        mkfifo(&d.join(name));
    }
    // A real compose file whose `extends` target and `.env` are FIFOs too.
    fs::create_dir(d.join("app")).unwrap();
    fs::write(
        d.join("app/compose.yaml"),
        "services:\n  web:\n    extends:\n      file: ../base.yaml\n      service: web\n    image: x:${TAG}\n",
    )
    .unwrap();
    mkfifo(&d.join("app/.env"));
    let (code, report, err) = audit_dir(d);
    // Findings in what was read decide 1 over 3; the report says it is incomplete either way.
    assert!(code == 1 || code == 3, "{err}");
    assert_eq!(report["complete"], false);
    let reasons = incomplete_reasons(&report).join("\n");
    for name in [
        "Dockerfile",
        "compose.yaml",
        "pod.yaml",
        "image.tar",
        ".env",
    ] {
        assert!(reasons.contains(name), "{name} not named:\n{reasons}");
    }
    // Under --root: daemon.json is a FIFO.
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("etc/docker")).unwrap();
    mkfifo(&root.path().join("etc/docker/daemon.json"));
    let (code, report, err) = run_with_deadline(
        drydock()
            .args([
                "audit",
                "--no-engine",
                "--no-files",
                "--format",
                "json",
                "-q",
                "--root",
            ])
            .arg(root.path()),
        Duration::from_secs(60),
    );
    assert!(code == 1 || code == 3, "{err}");
    assert!(
        incomplete_reasons(&report)
            .join("\n")
            .contains("daemon.json"),
        "{:?}",
        incomplete_reasons(&report)
    );
    // The kubelet's configuration file is a FIFO on a node.
    let node = support::node::build_root(&["worker"], &[support::node::WORKER_MODES]);
    let config = node.path().join("etc/kubelet/kubelet-config.yaml");
    fs::remove_file(&config).unwrap();
    mkfifo(&config);
    let (code, report, err) = run_with_deadline(
        &mut support::node::audit_node_command(node.path()),
        Duration::from_secs(60),
    );
    assert!(code == 1 || code == 3, "{err}");
    assert_eq!(report["complete"], false);
}

#[test]
fn case_07_a_latin_1_byte_does_not_hide_the_dockerfile() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        b"FROM registry.example.com/a:1\n# caf\xe9 au lait\nUSER root\n",
    )
    .unwrap();
    let (code, report, err) = audit_dir(dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(failed_rules(&report).contains(&"dockerfile-runs-as-root".to_string()));
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("not UTF-8") && notes.contains("no fix"),
        "{notes}"
    );
    // And `fix --apply` leaves the file's bytes alone.
    let out = drydock()
        .current_dir(dir.path())
        .args(["fix", "--no-host", "--apply", "--unsafe", "."])
        .output()
        .unwrap();
    assert!(out.status.code().is_some());
    assert_eq!(
        fs::read(dir.path().join("Dockerfile")).unwrap(),
        b"FROM registry.example.com/a:1\n# caf\xe9 au lait\nUSER root\n"
    );
}

#[test]
fn case_08_byte_order_marks_and_utf_16_are_read_as_builders_and_kubectl_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("Dockerfile"),
        b"\xef\xbb\xbfFROM registry.example.com/a:1\nUSER root\n",
    )
    .unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x:1\n      securityContext: {privileged: true}\n";
    fs::write(d.join("pod.yaml"), format!("\u{feff}{pod}")).unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    for unit in pod.replace("name: p", "name: q").encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    fs::write(d.join("pod16.yaml"), utf16).unwrap();
    let (code, report, err) = audit_dir(d);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        report["complete"],
        true,
        "{:?}",
        incomplete_reasons(&report)
    );
    let failed = failed_rules(&report);
    assert!(
        failed.contains(&"dockerfile-runs-as-root".to_string()),
        "{failed:?}"
    );
    let privileged = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule_name"] == "pss-privileged" && r["status"] == "fail")
        .count();
    assert_eq!(privileged, 2, "both pods: {failed:?}");
    assert!(
        !report["results"]
            .to_string()
            .contains("unknown instruction")
    );
}

#[test]
fn case_09_an_unreadable_env_file_makes_the_compose_audit_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("compose.yaml"),
        "services:\n  web:\n    image: x:1\n    privileged: ${PRIV:-false}\n",
    )
    .unwrap();
    let mut env = String::from("PRIV=true\n");
    while env.len() <= 9 * 1024 * 1024 {
        env.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    fs::write(d.join(".env"), env).unwrap();
    let (code, report, err) = audit_dir(d);
    assert!(code == 1 || code == 3, "{err}");
    assert_eq!(report["complete"], false);
    assert!(
        incomplete_reasons(&report).join("\n").contains(".env"),
        "{:?}",
        incomplete_reasons(&report)
    );
}

#[test]
fn case_10_a_kubelet_config_that_is_not_yaml_makes_the_node_audit_incomplete() {
    let node = support::node::build_root(&["worker"], &[support::node::WORKER_MODES]);
    fs::write(
        node.path().join("etc/kubelet/kubelet-config.yaml"),
        "{{{ not yaml: [",
    )
    .unwrap();
    let (code, report, err) = run_with_deadline(
        &mut support::node::audit_node_command(node.path()),
        Duration::from_secs(60),
    );
    assert!(code == 1 || code == 3, "{err}");
    assert_eq!(report["complete"], false);
    assert!(
        incomplete_reasons(&report).join("\n").contains("kubelet"),
        "{:?}",
        incomplete_reasons(&report)
    );
}

#[test]
fn case_11_a_file_drydock_skips_makes_the_audit_incomplete_and_is_named() {
    for (name, bytes) in [
        ("Dockerfile", b"FROM a:1\0\nUSER root\n".to_vec()),
        (
            "compose.yaml",
            b"services:\n  web:\n    image: \xe9\n".to_vec(),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(name), bytes).unwrap();
        let (code, report, err) = audit_dir(dir.path());
        assert_eq!(code, 3, "{name}: {err}");
        assert!(
            incomplete_reasons(&report).join("\n").contains(name),
            "{name}: {:?}",
            incomplete_reasons(&report)
        );
    }
}

/// What the fake engine does with a request.
enum Answer {
    /// A JSON body, after a pause.
    Json(String, Duration),
    /// Headers that promise a body, then nothing.
    Stall,
    /// A chunked answer that never ends (until the reader hangs up).
    Flood,
}

/// A fake engine on a Unix socket: the version and info are answered as dockerd would, every
/// other request as `answer` says. Returns the most requests it ever had open at once.
fn fake_engine(
    socket: &Path,
    answer: impl Fn(&str) -> Answer + Send + Sync + 'static,
) -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::net::UnixListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = UnixListener::bind(socket).unwrap();
    let answer = Arc::new(answer);
    let open = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let most_seen = most.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (answer, open, most) = (answer.clone(), open.clone(), most.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    if request.is_empty() {
                        request = line.clone();
                        let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                    }
                    if line == "\r\n" {
                        let mut s = stream.try_clone().unwrap();
                        let body = if request.contains("/version") {
                            r#"{"Version":"27.0.0","ApiVersion":"1.45","MinAPIVersion":"1.24","Os":"linux","Arch":"amd64","KernelVersion":"6.1"}"#.to_string()
                        } else if request.contains("/info") {
                            r#"{"Name":"fake","SecurityOptions":[]}"#.to_string()
                        } else {
                            match answer(&request) {
                                Answer::Json(body, pause) => {
                                    std::thread::sleep(pause);
                                    body
                                }
                                Answer::Stall => {
                                    let _ = s.write_all(
                                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.45\r\nContent-Length: 100000\r\n\r\n[",
                                    );
                                    std::thread::sleep(Duration::from_secs(120));
                                    return;
                                }
                                Answer::Flood => {
                                    let _ = s.write_all(
                                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.45\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n[\"a\r\n",
                                    );
                                    // 1 GiB of one string, sent until the reader hangs up.
                                    let chunk = vec![b'a'; 1 << 20];
                                    let header = format!("{:x}\r\n", chunk.len());
                                    for _ in 0..1024 {
                                        if s.write_all(header.as_bytes()).is_err()
                                            || s.write_all(&chunk).is_err()
                                            || s.write_all(b"\r\n").is_err()
                                        {
                                            return;
                                        }
                                    }
                                    let _ = s.write_all(b"2\r\n\"]\r\n0\r\n\r\n");
                                    return;
                                }
                            }
                        };
                        // Counted as closed before the answer goes out: the client cannot open
                        // the next request before it has this one's answer, so the count never
                        // runs ahead of the client's own.
                        open.fetch_sub(1, Ordering::SeqCst);
                        let _ = write!(
                            s,
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.45\r\nContent-Length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        request.clear();
                    }
                    line.clear();
                }
            });
        }
    });
    most_seen
}

#[test]
fn case_03_an_engine_that_sends_headers_then_stalls_is_cut_off_by_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("stall.sock");
    fake_engine(&socket, |_| Answer::Stall);
    let start = Instant::now();
    let (code, report, err) = run_with_deadline(
        drydock()
            .args([
                "audit",
                "--no-files",
                "--format",
                "json",
                "-q",
                "--timeout",
                "2",
                "--docker-host",
            ])
            .arg(format!("unix://{}", socket.display())),
        Duration::from_secs(60),
    );
    assert!(code == 1 || code == 3, "{err}");
    assert_eq!(report["complete"], false);
    assert!(
        incomplete_reasons(&report)
            .join("\n")
            .contains("Docker Engine API"),
        "{:?}",
        incomplete_reasons(&report)
    );
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn case_04_an_endless_engine_answer_is_cut_at_64_mib_and_its_facts_are_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("flood.sock");
    fake_engine(&socket, |_| Answer::Flood);
    let stats = dir.path().join("time.txt");
    let (code, report, err) = run_with_deadline(
        Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&stats)
            .arg(env!("CARGO_BIN_EXE_drydock"))
            .args([
                "audit",
                "--no-files",
                "--format",
                "json",
                "-q",
                "--timeout",
                "60",
                "--docker-host",
            ])
            .arg(format!("unix://{}", socket.display())),
        Duration::from_secs(120),
    );
    assert!(code == 1 || code == 3, "exit {code}: {err}");
    assert_eq!(report["complete"], false);
    let reasons = incomplete_reasons(&report).join("\n");
    assert!(reasons.contains("larger than 64 MiB"), "{reasons}");
    let peak_kib: u64 = fs::read_to_string(&stats)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // The cut answer is held once, at most, beside the client's own buffers.
    assert!(peak_kib < 400 * 1024, "peak {peak_kib} KiB");
}

#[test]
fn case_06_many_containers_are_inspected_a_bounded_number_at_a_time() {
    const CONTAINERS: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("many.sock");
    let most = fake_engine(&socket, |request| {
        let json = if request.contains("/containers/json") {
            let list: Vec<String> = (0..CONTAINERS)
                .map(|i| format!(r#"{{"Id":"c{i:04}","Names":["/c{i:04}"],"State":"running"}}"#))
                .collect();
            format!("[{}]", list.join(","))
        } else if let Some(id) = request
            .split_whitespace()
            .nth(1)
            .and_then(|path| path.split("/containers/").nth(1))
            .and_then(|rest| rest.strip_suffix("/json"))
        {
            format!(
                r#"{{"Id":"{id}","Name":"/{id}","State":{{"Running":true,"Pid":0}},"Config":{{"Image":"busybox"}},"HostConfig":{{}},"Mounts":[],"NetworkSettings":{{}}}}"#
            )
        } else if request.contains("/top") {
            r#"{"Titles":["PID","CMD"],"Processes":[]}"#.to_string()
        } else if request.contains("/images/json") {
            // Each image is asked twice at once (inspection and history).
            let list: Vec<String> = (0..CONTAINERS)
                .map(|i| format!(r#"{{"Id":"sha256:{i:064}","RepoTags":["i{i}:1"]}}"#))
                .collect();
            format!("[{}]", list.join(","))
        } else if request.contains("/history") {
            "[]".to_string()
        } else if let Some(id) = request
            .split_whitespace()
            .nth(1)
            .and_then(|path| path.split("/images/").nth(1))
            .and_then(|rest| rest.strip_suffix("/json"))
        {
            format!(r#"{{"Id":"{id}","RepoTags":[],"Config":{{}}}}"#)
        } else {
            "[]".to_string()
        };
        Answer::Json(json, Duration::from_millis(20))
    });
    let (code, report, err) = run_with_deadline(
        drydock()
            .args([
                "audit",
                "--no-files",
                "--format",
                "json",
                "-q",
                "--fail-on",
                "none",
                "--docker-host",
            ])
            .arg(format!("unix://{}", socket.display())),
        Duration::from_secs(120),
    );
    assert_eq!(code, 0, "{err}: {:?}", report["incomplete_reasons"]);
    let containers = report["facts"]["engine"]["containers"]
        .as_array()
        .map(Vec::len);
    let most = most.load(std::sync::atomic::Ordering::SeqCst);
    assert!(most <= 32, "{most} requests were open at once");
    // Not one at a time either: the inspections overlap.
    assert!(most > 4, "only {most} requests were open at once");
    let skipped = report["facts"]["engine"]["skipped"]
        .as_array()
        .map(Vec::len);
    assert!(skipped.unwrap_or(0) == 0, "{skipped:?}; {containers:?}");
}

#[test]
fn case_13_a_password_in_a_url_in_an_images_environment_is_masked() {
    support::test_images();
    let tag = format!("drydock-test/url-secret:{}", std::process::id());
    let mut build = Command::new("docker")
        .args(["build", "-q", "-t", &tag, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    build
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"FROM drydock-test/busybox:1\nENV DATABASE_URL=postgres://admin:SUPERSECRETq7@db.example.com/app\n",
        )
        .unwrap();
    assert!(build.wait().unwrap().success());
    struct Remove(String);
    impl Drop for Remove {
        fn drop(&mut self) {
            let _ = Command::new("docker").args(["rmi", "-f", &self.0]).output();
        }
    }
    let _image = Remove(tag.clone());
    let facts = tempfile::NamedTempFile::new().unwrap();
    let out = drydock()
        .args(["collect", "-q", "--no-files", "--out"])
        .arg(facts.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(facts.path()).unwrap();
    assert!(text.contains(&tag), "the image was collected");
    assert!(
        !text.contains("SUPERSECRET"),
        "the facts file leaks the URL password"
    );
    assert!(
        text.contains("postgres://admin:<redacted:"),
        "the URL keeps its shape"
    );
}

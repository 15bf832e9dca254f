//! How results reach people: what a mistyped path does, which format a file name asks for.

mod support;

use std::fs;
use support::drydock;

#[test]
fn a_path_that_does_not_exist_is_an_error_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "FROM a:1\n").unwrap();
    for args in [
        vec!["audit", "--no-host", "Dockerfle"],
        vec!["audit", "--no-host", "-f", "compose.yml"],
        vec!["collect", "--no-host", "-o", "-", "nope/"],
    ] {
        let out = drydock()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let named = args.last().unwrap();
        assert!(
            err.contains(&format!("{named}: no such file or directory")),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn an_output_file_picks_its_format_by_extension_unless_format_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("Dockerfile"), "FROM a:1\nUSER root\n").unwrap();
    for (file, starts) in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.json", "{"),
        ("r.sarif", "{"),
        ("r.md", "# drydock"),
        ("r.xml", "<?xml"),
    ] {
        let out = drydock()
            .current_dir(d)
            .args(["audit", "--no-host", "-q", "-o", file, "Dockerfile"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        let text = fs::read_to_string(d.join(file)).unwrap();
        assert!(
            text.starts_with(starts),
            "{file}: {}",
            &text[..text.len().min(80)]
        );
    }
    let sarif = fs::read_to_string(d.join("r.sarif")).unwrap();
    assert!(sarif.contains("\"runs\""));
    // --format wins over the extension.
    let out = drydock()
        .current_dir(d)
        .args([
            "audit",
            "--no-host",
            "-q",
            "--format",
            "text",
            "-o",
            "r.html",
            "Dockerfile",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !fs::read_to_string(d.join("r.html"))
            .unwrap()
            .starts_with("<!DOCTYPE")
    );
    // `collect` takes -o like every command that writes a file.
    let out = drydock()
        .current_dir(d)
        .args(["collect", "--no-host", "-q", "-o", "facts.json", "."])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        fs::read_to_string(d.join("facts.json"))
            .unwrap()
            .contains("\"schema_version\"")
    );
}

#[test]
fn severity_flags_choose_the_rules_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx\n    privileged: true\n",
    )
    .unwrap();
    let severities = |args: &[&str]| -> Vec<String> {
        let out = drydock()
            .current_dir(dir.path())
            .args(["audit", "--no-host", "-q", "--format", "json"])
            .args(args)
            .arg(".")
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut s: Vec<String> = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["severity"].as_str().unwrap().to_string())
            .collect();
        s.sort();
        s.dedup();
        s
    };
    let all = severities(&[]);
    assert!(all.len() >= 3, "{all:?}");
    let chosen = severities(&["--severity", "high,critical"]);
    assert!(chosen.contains(&"critical".to_string()), "{chosen:?}");
    assert!(
        chosen.iter().all(|s| s == "high" || s == "critical"),
        "{chosen:?}"
    );
    assert!(!severities(&["--min-severity", "high"]).contains(&"medium".to_string()));
    let out = drydock()
        .current_dir(dir.path())
        .args(["audit", "--no-host", "--min-severity", "severe", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn engine_errors_are_said_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_socket = dir.path().join("file.sock");
    fs::write(&not_a_socket, "").unwrap();
    for (endpoint, words) in [
        ("tcp://127.0.0.1:1".to_string(), "connection refused"),
        (
            format!("unix://{}", not_a_socket.display()),
            "connection refused",
        ),
    ] {
        let out = drydock()
            .args([
                "audit",
                "--no-files",
                "-q",
                "--format",
                "json",
                "--timeout",
                "5",
                "--docker-host",
                &endpoint,
            ])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let reasons = report["incomplete_reasons"].to_string();
        assert!(reasons.contains(words), "{endpoint}: {reasons}");
        assert!(!reasons.contains("hyper"), "{endpoint}: {reasons}");
    }
}

#[test]
fn sarif_says_what_was_not_checked_and_never_merges_two_findings() {
    let dir = tempfile::tempdir().unwrap();
    // Two identical findings on two lines, and an engine that cannot be reached.
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y curl\nUSER 10001\n",
    )
    .unwrap();
    let out = drydock()
        .current_dir(dir.path())
        .args([
            "audit",
            "-q",
            "--format",
            "sarif",
            "--docker-host",
            "tcp://127.0.0.1:1",
            "--timeout",
            "5",
            "Dockerfile",
        ])
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &log["runs"][0];
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].to_string();
    assert!(notes.contains("Docker Engine API"), "{notes}");
    assert!(notes.contains("could not be judged"), "{notes}");
    let fingerprints: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["drydock/v1"].as_str().unwrap())
        .collect();
    let mut unique = fingerprints.clone();
    unique.sort();
    unique.dedup();
    assert!(fingerprints.len() > 2);
    assert_eq!(
        unique.len(),
        fingerprints.len(),
        "two findings share a fingerprint"
    );
}

#[test]
fn junit_test_cases_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y curl\nUSER 10001\n",
    )
    .unwrap();
    let out = drydock()
        .current_dir(dir.path())
        .args([
            "audit",
            "--no-host",
            "-q",
            "--format",
            "junit",
            "Dockerfile",
        ])
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    let cases: Vec<&str> = xml
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("<testcase "))
        .map(|l| {
            l.split(" file=")
                .next()
                .unwrap()
                .trim_end_matches(['/', '>'])
        })
        .collect();
    let mut unique = cases.clone();
    unique.sort();
    unique.dedup();
    assert!(cases.len() > 2);
    assert_eq!(unique.len(), cases.len(), "{cases:#?}");
}

#[test]
fn a_scope_the_user_chose_is_not_an_incomplete_audit() {
    // A fake host root whose files are all readable: with --no-engine, what was asked for was
    // read whole; the engine's controls stay unknown and a note says why.
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("etc/docker")).unwrap();
    fs::write(
        root.path().join("etc/docker/daemon.json"),
        "{\"icc\": false}\n",
    )
    .unwrap();
    let out = drydock()
        .args([
            "audit",
            "--no-engine",
            "--no-files",
            "-q",
            "--format",
            "json",
            "--root",
        ])
        .arg(root.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reasons = report["incomplete_reasons"].to_string();
    assert!(!reasons.contains("Docker Engine API"), "{reasons}");
    assert!(report["notes"].to_string().contains("--no-engine"));
    let unknown_engine = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["object"]["kind"] == "container" && r["status"] == "unknown");
    assert!(unknown_engine, "engine controls are unknown, never passed");
}

#[test]
fn kubernetes_on_a_host_without_a_component_says_so_and_exits_3() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("etc")).unwrap();
    let out = drydock()
        .args([
            "audit",
            "--kubernetes",
            "--no-docker",
            "--no-files",
            "-q",
            "--root",
        ])
        .arg(root.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("no Kubernetes component was found"), "{text}");
}

#[test]
fn explain_says_when_an_id_means_other_controls_in_other_versions() {
    let out = drydock().args(["explain", "5.10"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("numbered differently"), "{text}");
    assert!(text.contains("cis-docker-1.2.0: CO018"), "{text}");
    assert!(text.contains("container-without-memory-limit"), "{text}");
    // Naming the version answers in it, without the warning.
    let out = drydock()
        .args(["explain", "5.10", "--benchmark", "cis-docker-1.2.0"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("numbered differently"), "{text}");
    assert!(text.contains("memory"), "{text}");
}

/// A compose project whose twelve services each fail the same controls, one of them
/// privileged (critical), with a Dockerfile beside it.
fn many_services(dir: &std::path::Path) {
    let mut compose = String::from("services:\n");
    for i in 0..12 {
        compose.push_str(&format!("  web{i:02}:\n    image: nginx:1.27\n"));
    }
    compose.push_str("  admin:\n    image: nginx:1.27\n    privileged: true\n");
    fs::write(dir.join("compose.yaml"), compose).unwrap();
    fs::write(dir.join("Dockerfile"), "FROM debian:12\nCMD [\"sh\"]\n").unwrap();
}

fn text_of(dir: &std::path::Path, extra: &[&str]) -> String {
    let out = drydock()
        .current_dir(dir)
        .args(["audit", "--no-host", "--fail-on", "none"])
        .args(extra)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn text_shows_failed_controls_by_severity_with_their_objects_in_short() {
    let dir = tempfile::tempdir().unwrap();
    many_services(dir.path());
    let text = text_of(dir.path(), &[]);
    // Severity on every failed control, the critical one first.
    let failed: Vec<&str> = text.lines().filter(|l| l.contains("[FAIL]")).collect();
    assert!(failed[0].contains("CRITICAL"), "{text}");
    let rank = |line: &str| {
        ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"]
            .iter()
            .position(|s| line.contains(s))
            .unwrap_or_else(|| panic!("no severity in {line}"))
    };
    assert!(
        failed.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{text}"
    );
    // Thirteen services fail the memory limit: five named, the rest counted; every failing
    // object is still named once, in the list of objects with failures.
    assert!(text.contains("… and 8 more (-v lists every one)"), "{text}");
    let objects = text
        .split("Objects with failed controls (14)")
        .nth(1)
        .unwrap();
    for i in 0..12 {
        assert!(objects.contains(&format!("service web{i:02}")), "{objects}");
    }
    // The closing table counts controls and objects per severity; the summary both.
    assert!(text.contains("Failed controls by severity"), "{text}");
    let critical = text
        .lines()
        .find(|l| l.trim_start().starts_with("critical"))
        .unwrap();
    let numbers: Vec<&str> = critical.split_whitespace().skip(1).collect();
    assert_eq!(numbers, ["1", "1"], "{critical}");
    assert!(text.contains("controls failed on 14 objects"), "{text}");
    // -v names every object.
    let verbose = text_of(dir.path(), &["-v"]);
    for i in 0..12 {
        assert!(verbose.contains(&format!("service web{i:02}")), "web{i:02}");
    }
    assert!(!verbose.contains("more (-v lists every one)"));
    // Each object's evidence on lines of its own.
    assert!(
        verbose.contains("\n              mem_limit: none  (expected a limit)"),
        "{verbose}"
    );
}

#[test]
fn group_by_object_lists_each_object_with_its_failed_controls_worst_first() {
    let dir = tempfile::tempdir().unwrap();
    many_services(dir.path());
    let text = text_of(dir.path(), &["--group-by", "object"]);
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" — ") && l.contains(" failed") && !l.starts_with(' '))
        .collect();
    // The privileged service first: it has the only critical failure.
    assert!(
        headings[0].starts_with("compose.yaml service admin — 6 failed"),
        "{headings:?}"
    );
    assert_eq!(headings.len(), 14, "{headings:?}");
    assert!(
        headings.iter().any(|h| h.starts_with("Dockerfile")),
        "{headings:?}"
    );
    // Every failed control of the Dockerfile is under it.
    let dockerfile = text.split("\nDockerfile").nth(1).unwrap();
    assert!(dockerfile.contains("runs as root"), "{dockerfile}");
}

fn sarif_of(cwd: &std::path::Path, path: &str) -> serde_json::Value {
    let out = drydock()
        .current_dir(cwd)
        .args(["audit", "--no-host", "-q", "--format", "sarif", path])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn uris_and_fingerprints(log: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    let results = log["runs"][0]["results"].as_array().unwrap();
    let uris = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut fingerprints: Vec<String> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["drydock/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    fingerprints.sort();
    (uris, fingerprints)
}

#[test]
fn sarif_locations_are_relative_and_fingerprints_survive_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(project.join("deploy")).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    let dockerfile = "FROM debian:12\nRUN apt-get install -y curl\n";
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: c\n    image: x:1\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n  - name: c\n    image: x:1\n";
    fs::write(project.join("Dockerfile"), dockerfile).unwrap();
    fs::write(project.join("deploy/pods.yaml"), manifest).unwrap();
    let absolute = project.display().to_string();
    for (cwd, path) in [
        (&project, "."),
        (&elsewhere, "../project"),
        (&elsewhere, absolute.as_str()),
    ] {
        let log = sarif_of(cwd, path);
        let (uris, fingerprints) = uris_and_fingerprints(&log);
        assert!(!uris.is_empty());
        for uri in &uris {
            assert!(
                !uri.starts_with('/') && !uri.contains(".."),
                "{path}: {uri}"
            );
            assert!(
                uri == "Dockerfile" || uri == "deploy/pods.yaml",
                "{path}: {uri} is not relative to the project"
            );
        }
        let base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap();
        assert_eq!(
            base,
            format!("file://{}/", project.canonicalize().unwrap().display()),
            "{path}"
        );
        let mut unique = fingerprints.clone();
        unique.dedup();
        assert_eq!(
            unique.len(),
            fingerprints.len(),
            "{path}: shared fingerprints"
        );
    }
    // Unrelated lines added above every finding move them all; no fingerprint changes.
    let (_, before) = uris_and_fingerprints(&sarif_of(&project, "."));
    fs::write(
        project.join("Dockerfile"),
        format!("# syntax=docker/dockerfile:1\n# built by CI\n{dockerfile}"),
    )
    .unwrap();
    fs::write(
        project.join("deploy/pods.yaml"),
        format!("# pods\n# of the shop\n{manifest}"),
    )
    .unwrap();
    let (_, after) = uris_and_fingerprints(&sarif_of(&project, "."));
    assert_eq!(before, after);
}

#[test]
fn a_file_named_on_the_command_line_is_audited_by_its_content_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("compose-anchors.yml"),
        "x-base: &base\n  image: nginx:1.27\nservices:\n  web:\n    <<: *base\n    privileged: true\n",
    )
    .unwrap();
    fs::write(
        d.join("build.txt"),
        "# syntax=docker/dockerfile:1\nARG V=12\nFROM debian:${V}\nUSER root\n",
    )
    .unwrap();
    fs::write(
        d.join("pod.json"),
        r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostPID": true, "containers": [{"name": "c", "image": "x:1"}]}}"#,
    )
    .unwrap();
    fs::write(d.join("notes.yml"), "owner: platform\n").unwrap();
    let audit = |args: &[&str]| {
        let out = drydock()
            .current_dir(d)
            .args([
                "audit",
                "--no-host",
                "-q",
                "--format",
                "json",
                "--fail-on",
                "none",
            ])
            .args(args)
            .output()
            .unwrap();
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
        (
            out.status.code(),
            report,
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, report, err) = audit(&["compose-anchors.yml", "build.txt", "pod.json"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(report["target"]["files"], 3);
    let failed: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .map(|r| r["rule_name"].as_str().unwrap())
        .collect();
    for rule in [
        "compose-privileged",
        "dockerfile-runs-as-root",
        "pss-host-namespaces",
    ] {
        assert!(failed.contains(&rule), "{rule} missing from {failed:?}");
    }
    // A file that is none of them is refused by name, with the reason and the way out.
    let (code, _, err) = audit(&["notes.yml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("notes.yml: neither a Dockerfile"), "{err}");
    assert!(err.contains("--type"), "{err}");
    // --type names the kind of a named file too.
    let (code, report, err) = audit(&["--type", "dockerfile", "notes.yml"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(report["target"]["files"], 1);
}

/// The README's command table, row by row: the command, and the flags and values it names.
fn readme_commands() -> Vec<(String, Vec<String>, String)> {
    let readme =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let table = readme
        .split("| command | what it does |")
        .nth(1)
        .expect("the README has its command table");
    table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cells: Vec<&str> = row.split(" | ").collect();
            let command = cells[0]
                .trim_start_matches("| `drydock ")
                .split([' ', '`'])
                .next()
                .unwrap()
                .to_string();
            let flags = row
                .split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | '(' | ')' | ';'))
                .filter(|w| {
                    (w.starts_with("--") && w.len() > 2)
                        || (w.len() == 2
                            && w.starts_with('-')
                            && w.as_bytes()[1].is_ascii_alphabetic())
                })
                .map(|w| w.split('=').next().unwrap().to_string())
                .collect();
            (command, flags, row.to_string())
        })
        .collect()
}

#[test]
fn the_readme_command_table_and_the_help_agree() {
    let help = |args: &[&str]| {
        let out = drydock().args(args).arg("--help").output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let rows = readme_commands();
    assert!(rows.len() >= 10, "{rows:?}");
    let flags: usize = rows.iter().map(|(_, f, _)| f.len()).sum();
    assert!(
        flags >= 25,
        "only {flags} flags read from the table: {rows:?}"
    );
    // Every command the binary has is in the table, and every row is a command it has.
    let top = help(&[]);
    let listed: Vec<&str> = top
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(|l| l.split_whitespace().next().unwrap())
        .filter(|c| *c != "help")
        .collect();
    for command in &listed {
        assert!(
            rows.iter().any(|(c, _, _)| c == command),
            "`drydock {command}` is missing from the README's command table"
        );
    }
    for (command, flags, row) in &rows {
        assert!(
            listed.contains(&command.as_str()),
            "the README names `drydock {command}`, which does not exist"
        );
        let mut text = help(&[command]);
        // A command with subcommands (`vulndb update`): their options count too.
        if let Some(subcommands) = text.split("Commands:").nth(1).map(str::to_string) {
            for sub in subcommands
                .split("Options:")
                .next()
                .unwrap()
                .lines()
                .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
                .map(|l| l.split_whitespace().next().unwrap().to_string())
                .filter(|c| c != "help")
            {
                text.push_str(&help(&[command, &sub]));
            }
        }
        for flag in flags {
            assert!(
                text.contains(&format!("{flag} "))
                    || text.contains(&format!("{flag},"))
                    || text.contains(&format!("{flag}\n")),
                "the README says `drydock {command}` takes {flag}; its --help does not:\n{row}"
            );
        }
        // `--format a\|b` in the README: each value is one --help offers.
        if let Some(values) = row.split("--format ").nth(1) {
            for value in values.split(['`', ' ']).next().unwrap().split("\\|") {
                assert!(
                    text.contains(value),
                    "`drydock {command} --format {value}` is in the README, not in --help"
                );
            }
        }
    }
}

#[test]
fn an_unknown_reason_shared_by_many_controls_is_written_once() {
    let out = drydock()
        .args([
            "audit",
            "--no-files",
            "--fail-on",
            "none",
            "--timeout",
            "5",
            "--docker-host",
            "tcp://127.0.0.1:1",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // Once over the controls it leaves unknown, once among the incomplete audit's reasons.
    assert_eq!(text.matches("connection refused").count(), 2, "{text}");
    assert!(
        text.contains(" controls, because the Docker Engine API could not be read"),
        "{text}"
    );
}

#[test]
fn completions_and_the_manual_come_from_the_command_definitions() {
    let out = drydock().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let bash = String::from_utf8(out.stdout).unwrap();
    assert!(bash.contains("_drydock()"), "{bash}");
    for word in ["audit", "--group-by", "--min-severity", "--force"] {
        assert!(bash.contains(word), "{word} is not completed");
    }
    let out = drydock().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    // The command's page, then one per subcommand.
    assert!(
        page.contains(".TH drydock 1"),
        "{}",
        &page[..200.min(page.len())]
    );
    for sub in ["audit", "fix", "threats", "completions"] {
        assert!(
            page.contains(&format!(".TH drydock-{sub} 1")),
            "no page for {sub}"
        );
    }
    assert!(
        page.contains("group\\-by"),
        "the audit options are in the manual"
    );
}

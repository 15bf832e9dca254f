//! Hardening and proving it: `drydock diff` on two live audits around a real change.

mod support;

use serde_json::Value;
use support::*;

fn entries<'a>(diff: &'a Value, section: &str, object: &str) -> Vec<&'a str> {
    diff[section]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["object"] == object)
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect()
}

#[test]
fn diff_shows_limits_set_with_docker_update_as_fixed() {
    let (name, _cleanup) = sleeping_container("ddd", "nolimits", &[]);
    let dir = tempfile::tempdir().unwrap();
    let audit = |file: &str| {
        let path = dir.path().join(file);
        let out = drydock()
            .args([
                "audit",
                "--no-files",
                "--quiet",
                "--format",
                "json",
                "--fail-on",
                "none",
            ])
            .args(["--rule", "DH085", "--rule", "DH103", "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        path
    };
    let before = audit("before.json");
    docker(&[
        "update",
        "--memory",
        "64m",
        "--memory-swap",
        "64m",
        "--pids-limit",
        "100",
        &name,
    ]);
    let after = audit("after.json");

    let run = |a: &std::path::Path, b: &std::path::Path| {
        let out = drydock()
            .args(["diff", "--format", "json"])
            .arg(a)
            .arg(b)
            .output()
            .unwrap();
        let diff: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code(), diff)
    };
    let (code, diff) = run(&before, &after);
    let mut fixed = entries(&diff, "fixed", &name);
    fixed.sort();
    assert_eq!(fixed, ["DH085", "DH103"], "{diff:#}");
    assert!(entries(&diff, "new", &name).is_empty());
    // Other tests start containers meanwhile: the exit code follows what the diff found.
    let regressions = !diff["new"].as_array().unwrap().is_empty()
        || !diff["threats_worse"].as_array().unwrap().is_empty();
    assert_eq!(code, Some(i32::from(regressions)));

    // Backwards, the same change is a regression.
    let (code, diff) = run(&after, &before);
    let mut new = entries(&diff, "new", &name);
    new.sort();
    assert_eq!(new, ["DH085", "DH103"]);
    assert_eq!(code, Some(1));

    // The text form says it in words.
    let out = drydock()
        .arg("diff")
        .arg(&before)
        .arg(&after)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Fixed ("), "{text}");
    assert!(text.contains(&format!("container {name}")), "{text}");
}

#[test]
fn diff_refuses_what_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"schema_version\": \"1.0\",\n \"results\": 3}").unwrap();
    let err = usage_error(&["diff", bad.to_str().unwrap(), bad.to_str().unwrap()]);
    assert!(err.contains("bad.json:"), "{err}");
    assert!(err.contains("not a drydock JSON report"), "{err}");
}

#[test]
fn fix_updates_a_running_container_in_place_and_the_reaudit_shows_it() {
    let (name, _cleanup) = sleeping_container("ddu", "unlimited", &[]);
    // Asked without --apply --unsafe, drydock refuses to touch it.
    let err = usage_error(&["fix", "--no-files", "--container", &name]);
    assert!(err.contains("--apply --unsafe"), "{err}");

    let out = drydock()
        .args(["fix", "--no-files", "--quiet", "--apply", "--unsafe"])
        .args(["--rule", "DH085", "--rule", "DH103"])
        .args([
            "--container",
            &name,
            "--memory",
            "64m",
            "--pids-limit",
            "100",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("updated container {name} in place")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("DH085 on {name}: passes now")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("DH103 on {name}: passes now")),
        "{stdout}"
    );
    // The engine holds the new settings.
    let settings = docker(&[
        "inspect",
        &name,
        "--format",
        "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}",
    ]);
    assert_eq!(settings, "67108864 100");
    // A separate audit agrees.
    let (report, _) = audit_any_json(&["--no-files", "--rule", "DH085", "--rule", "DH103"]);
    assert_eq!(status_of(&report, "5.11", &name), "pass");
    assert_eq!(status_of(&report, "5.29", &name), "pass");
}

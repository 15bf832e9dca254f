//! Helpers for tests that drive the real Docker engine and the drydock binary.

#![allow(dead_code)]

pub mod engines;
pub mod node;

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::Once;

/// The drydock binary under test.
pub fn drydock() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_drydock"));
    // Reports say when they were made: a fixed moment keeps the snapshots stable.
    cmd.env("SOURCE_DATE_EPOCH", "1796601600");
    cmd
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `docker` with arguments; panics with its stderr when it fails.
pub fn docker(args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .output()
        .expect("the docker CLI runs");
    assert!(
        out.status.success(),
        "docker {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Fails unless the Docker engine answers: live tests must not skip silently.
pub fn require_engine() {
    let out = Command::new("docker")
        .args(["version", "--format", "{{.Server.Version}}"])
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "the Docker engine is not reachable: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("the docker CLI cannot run: {e}"),
    }
}

/// Builds the local test images once per test process if they are missing.
pub fn test_images() {
    static BUILD: Once = Once::new();
    BUILD.call_once(|| {
        require_engine();
        let present = Command::new("docker")
            .args([
                "image",
                "inspect",
                "drydock-test/busybox:1",
                "drydock-test/healthy:1",
                "drydock-test/leaky:1",
                "drydock-test/base:1",
            ])
            .output()
            .is_ok_and(|o| o.status.success());
        if !present {
            let script = repo_root().join("tests/support/build-test-image.sh");
            let out = Command::new("bash")
                .arg(&script)
                .output()
                .expect("bash runs");
            assert!(
                out.status.success(),
                "building the test images failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    });
}

/// Removes an image (by tag) when dropped.
pub struct RemoveImage(pub String);

impl Drop for RemoveImage {
    fn drop(&mut self) {
        let _ = Command::new("docker").args(["rmi", "-f", &self.0]).output();
    }
}

/// Builds the context directory into `tag` on the machine's engine; panics with the build's
/// error. The image is removed when the guard drops, even when the build failed half way.
pub fn build_image(context: &std::path::Path, tag: &str) -> RemoveImage {
    let built = Command::new("docker")
        .args(["build", "-q", "--force-rm", "-t", tag])
        .arg(context)
        .output()
        .unwrap();
    let guard = RemoveImage(tag.to_string());
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    guard
}

/// Removes containers carrying a label when dropped.
pub struct Cleanup {
    pub label: String,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let ids = Command::new("docker")
            .args(["ps", "-aq", "--filter", &format!("label={}", self.label)])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
            .unwrap_or_default();
        let ids: Vec<&str> = ids.split_whitespace().collect();
        if !ids.is_empty() {
            let _ = Command::new("docker")
                .arg("rm")
                .arg("-f")
                .args(&ids)
                .output();
        }
    }
}

/// Runs drydock with these arguments, checks it exits 2 (usage or fatal error) and returns what
/// it printed on standard error.
pub fn usage_error(args: &[&str]) -> String {
    let out = drydock().args(args).output().expect("drydock runs");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "drydock {args:?}: {err}");
    err
}

/// Runs a host audit (no project files) and parses its JSON report.
pub fn audit_json(args: &[&str]) -> (Value, Output) {
    let mut all = vec!["--no-files"];
    all.extend_from_slice(args);
    audit_any_json(&all)
}

/// Runs drydock audit with exactly these arguments and parses its JSON report.
pub fn audit_any_json(args: &[&str]) -> (Value, Output) {
    let out = drydock()
        .arg("audit")
        .args(["--format", "json", "--quiet"])
        .args(args)
        .output()
        .expect("drydock runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "drydock printed no JSON report ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (report, out)
}

/// The results for a CIS 1.6.0 control on one object (by object name).
pub fn results_for<'a>(report: &'a Value, control: &str, object_name: &str) -> Vec<&'a Value> {
    report["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| {
            r["cis"].as_array().is_some_and(|c| {
                c.iter()
                    .any(|x| x["benchmark"] == "cis-docker-1.6.0" && x["id"] == control)
            }) && r["object"]["name"] == object_name
        })
        .collect()
}

/// The single status of a control on an object.
pub fn status_of(report: &Value, control: &str, object_name: &str) -> String {
    let found = results_for(report, control, object_name);
    assert_eq!(
        found.len(),
        1,
        "expected one result of {control} for {object_name}, found {}",
        found.len()
    );
    found[0]["status"].as_str().unwrap_or_default().to_string()
}

/// Runs a command and returns its exit code, standard output and standard error.
pub fn output_of(command: &mut Command) -> (i32, String, String) {
    let out = command.output().expect("the command runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Runs a command that must succeed; when it does not, the test fails with its standard error.
pub fn succeeded(command: &mut Command) -> Output {
    let out = command.output().expect("the command runs");
    assert!(
        out.status.success(),
        "{:?}: {}",
        command.get_program(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Starts a busybox container that sleeps, named `<tag><pid>-<what>` and labelled for
/// cleanup; the container goes when the returned guard is dropped.
pub fn sleeping_container(tag: &str, what: &str, flags: &[&str]) -> (String, Cleanup) {
    test_images();
    let prefix = format!("{tag}{}", std::process::id());
    let label = format!("drydock-test={prefix}");
    let cleanup = Cleanup {
        label: label.clone(),
    };
    let name = format!("{prefix}-{what}");
    let mut args = vec!["run", "-d", "--name", &name, "--label", &label];
    args.extend_from_slice(flags);
    args.extend(["drydock-test/busybox:1", "sleep", "600"]);
    docker(&args);
    (name, cleanup)
}

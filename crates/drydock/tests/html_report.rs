//! The HTML report: a golden snapshot, its self-containment, and the page opened in headless
//! Chromium by `scripts/check-html`, which works the filters, checks the diagrams' layout,
//! takes a screenshot and fails on any console error.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

const EVIDENCE: [&str; 4] = [
    "--evidence",
    "evidence/docker-bench-security.log.json",
    "--evidence",
    "evidence/kube-bench.json",
];

/// The report of the recorded docker-bench and kube-bench runs, rendered in the fixtures
/// directory so that its paths are the same on every machine.
fn evidence_report() -> String {
    let out = drydock()
        .current_dir(fixtures())
        .args(["audit", "--format", "html", "--fail-on", "none"])
        .args(EVIDENCE)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Where screenshots are kept for people to look at.
fn screenshot_dir() -> PathBuf {
    let dir = repo_root().join("target/html-report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `scripts/check-html` on a page; panics with its findings when it fails.
fn check_in_chromium(page: &Path, screenshot: &Path) -> String {
    let out = Command::new("python3")
        .arg(repo_root().join("scripts/check-html"))
        .arg(page)
        .arg(screenshot)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        out.status.success(),
        "check-html failed on {} (chromium is installed by scripts/test):\n{stdout}{stderr}",
        page.display()
    );
    // A PNG of the page's width.
    let png = std::fs::read(screenshot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!(width, 1400);
    assert!(height > 1000, "a screenshot {height} pixels high");
    stdout
}

#[test]
fn html_report_matches_its_snapshot_and_is_self_contained() {
    let html = evidence_report();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    // One inline script, one inline style, a policy that forbids every other source.
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.matches("<style").count(), 1);
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    for outside in [
        " src=", "<link", "@import", "url(http", "<iframe", "<object",
    ] {
        assert!(!html.contains(outside), "the page refers to {outside}");
    }
    // No address but the SVG namespace.
    let addresses = html.matches("http://").count() + html.matches("https://").count();
    let namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(addresses, namespaces);
    // Both platforms are drawn; every status the audit found is coloured.
    assert_eq!(html.matches("<svg ").count(), 2);
    assert!(html.contains("data-element=\"api-server\""));
    assert!(html.contains("data-element=\"daemon\""));
    assert!(html.contains("id=\"threat-DT01\""));
    // A score is never written as negative zero (an empty sum of floats is -0.0).
    assert!(!html.contains("score -0"), "a negative zero score");
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/evidence-report.html");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &html).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        html == expected,
        "the HTML report differs from tests/snapshots/evidence-report.html (UPDATE_SNAPSHOTS=1 to accept after review)"
    );
}

#[test]
fn evidence_report_opens_in_chromium_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("evidence.html");
    std::fs::write(&page, evidence_report()).unwrap();
    let out = check_in_chromium(&page, &screenshot_dir().join("evidence.png"));
    // Two diagrams (Docker and Kubernetes), all 51 threats listed.
    assert!(out.contains("\"diagrams\": 2"), "{out}");
    assert!(out.contains("\"threats\": 51"), "{out}");
}

#[test]
fn live_report_opens_in_chromium_without_errors() {
    // A container that fails runtime controls, so the page has failures on a real object.
    let (name, _cleanup) = sleeping_container("ddh", "web", &["-p", "18089:80"]);
    let project = repo_root().join("../shared/corpus/awesome-compose/flask-redis");
    assert!(project.is_dir(), "the shared corpus is beside the checkout");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("live.html");
    let out = drydock()
        .args([
            "audit",
            "--quiet",
            "--format",
            "html",
            "--fail-on",
            "none",
            "-o",
        ])
        .arg(&page)
        .arg(&project)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(&name), "the container is in the report");
    let out = check_in_chromium(&page, &screenshot_dir().join("live.png"));
    assert!(out.contains("\"diagrams\": 1"), "{out}");
}

#[test]
fn names_from_hostile_files_are_escaped() {
    // A directory and a compose service whose names are markup: they reach the report as
    // object names, paths and messages, and must stay text.
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("x\"><script>alert(1)");
    std::fs::create_dir(&evil).unwrap();
    std::fs::write(evil.join("Dockerfile"), "FROM ubuntu:latest\nADD . /app\n").unwrap();
    std::fs::write(
        evil.join("compose.yaml"),
        "services:\n  \"<img src=x onerror=alert(2)>\":\n    image: busybox\n    privileged: true\n",
    )
    .unwrap();
    let out = drydock()
        .args([
            "audit",
            "--no-host",
            "--quiet",
            "--format",
            "html",
            "--fail-on",
            "none",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "the service is reported"
    );
    assert!(
        html.contains("x&quot;&gt;&lt;script&gt;alert(1)"),
        "the path is reported"
    );
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only drydock's own script"
    );
    assert!(!html.contains("<img"));
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    check_in_chromium(&page, &screenshot_dir().join("hostile.png"));
}

#[test]
fn a_large_report_is_ordered_by_severity_paged_and_fits_a_phone() {
    // The corpus gives over 2,000 results: more than four pages of 500.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("corpus.html");
    let out = drydock()
        .args([
            "audit",
            "--quiet",
            "--no-host",
            "--format",
            "html",
            "--fail-on",
            "none",
            "-o",
        ])
        .arg(&page)
        .arg(repo_root().join("../shared/corpus"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    // Fix texts reflow: no hard line break of the source survives inside a paragraph.
    assert!(
        html.contains("<dd class=\"fix\"><p>"),
        "remediation is not in paragraphs"
    );
    // check-html checks the order, the paging and the layout at 420 px.
    let out = check_in_chromium(&page, &screenshot_dir().join("corpus.png"));
    assert!(out.contains("\"shown_by_default\": 500"), "{out}");
    assert!(out.contains("\"shown_after_more\": 1000"), "{out}");
}

#[test]
fn the_chromium_check_fails_on_an_unordered_or_too_wide_page() {
    // The first (most severe) row marked the least severe, and a paragraph wider than a
    // phone: the checker sees both.
    let html = evidence_report()
        .replacen("data-severity=\"", "data-severity=\"0\" data-x=\"", 1)
        .replace("</main>", "<p style=\"width: 900px\">wide</p></main>");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("unordered.html");
    std::fs::write(&page, html).unwrap();
    let out = Command::new("python3")
        .arg(repo_root().join("scripts/check-html"))
        .arg(&page)
        .arg(dir.path().join("unordered.png"))
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not ordered most severe first"), "{stderr}");
    assert!(stderr.contains("at 420 px"), "{stderr}");
}

#[test]
fn the_chromium_check_fails_on_a_broken_page() {
    // The checker itself can fail: a report with a console error, a script that throws and an
    // image from the network.
    let html = evidence_report().replace(
        "</main>",
        "<img src=\"https://example.invalid/x.png\" alt=\"\"><script>console.error(\"boom\"); null.x;</script></main>",
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(&page, html).unwrap();
    let out = Command::new("python3")
        .arg(repo_root().join("scripts/check-html"))
        .arg(&page)
        .arg(dir.path().join("broken.png"))
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("console error: boom"), "{stderr}");
    assert!(stderr.contains("uncaught exception"), "{stderr}");
    assert!(stderr.contains("external reference"), "{stderr}");
}

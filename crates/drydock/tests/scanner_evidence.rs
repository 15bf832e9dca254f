//! Vulnerability scanners' reports as `--evidence` (issue 22): Trivy's JSON (schema version 2,
//! as `trivy image --format json` writes it) and Grype's (`grype -o json`), in the shapes their
//! documentation gives, give CIS 4.4 (DH066) per image and the status of DT02, judged as
//! drydock's own matches are: threshold, age of the data, entries that could not be read.

mod support;

use serde_json::{Value, json};
use std::fs;
use std::path::Path;
use support::drydock;

fn today() -> String {
    drydock_model::dates::today()
}

fn trivy(created: &str) -> Value {
    json!({
        "SchemaVersion": 2,
        "CreatedAt": format!("{created}T08:00:00.000000000Z"),
        "ArtifactName": "shop/web:1.4",
        "ArtifactType": "container_image",
        "Metadata": {
            "OS": {"Family": "debian", "Name": "12.1"},
            "ImageID": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
            "RepoTags": ["shop/web:1.4"]
        },
        "Results": [{
            "Target": "shop/web:1.4 (debian 12.1)",
            "Class": "os-pkgs",
            "Type": "debian",
            "Vulnerabilities": [
                {"VulnerabilityID": "CVE-2024-6387", "PkgID": "openssh-client@1:9.2p1-2",
                 "PkgName": "openssh-client", "InstalledVersion": "1:9.2p1-2",
                 "FixedVersion": "1:9.2p1-2+deb12u3", "Status": "fixed", "Severity": "HIGH",
                 "Title": "openssh: regreSSHion"},
                {"VulnerabilityID": "CVE-2023-4911", "PkgName": "libc6",
                 "InstalledVersion": "2.36-9", "FixedVersion": "2.36-9+deb12u3",
                 "Status": "fixed", "Severity": "HIGH"},
                {"VulnerabilityID": "CVE-2005-2541", "PkgName": "tar",
                 "InstalledVersion": "1.34+dfsg-1.2", "Status": "will_not_fix",
                 "Severity": "LOW"}
            ]
        }]
    })
}

fn grype(built: &str, severity: &str) -> Value {
    json!({
        "matches": [{
            "vulnerability": {
                "id": "CVE-2023-4408", "dataSource": "https://security.alpinelinux.org/vuln/CVE-2023-4408",
                "namespace": "alpine:distro:alpine:3.16", "severity": severity,
                "fix": {"versions": ["9.16.48-r0"], "state": "fixed"}
            },
            "relatedVulnerabilities": [],
            "matchDetails": [],
            "artifact": {"name": "bind-libs", "version": "9.16.45-r0", "type": "apk",
                         "purl": "pkg:apk/alpine/bind-libs@9.16.45-r0?distro=alpine-3.16.9"}
        }],
        "source": {"type": "image", "target": {"userInput": "shop/dns:3", "imageID": "sha256:2222222222222222222222222222222222222222222222222222222222222222", "tags": ["shop/dns:3"]}},
        "distro": {"name": "alpine", "version": "3.16.9"},
        "descriptor": {"name": "grype", "version": "0.74.0", "timestamp": format!("{built}T09:00:00Z"),
                       "db": {"built": format!("{built}T01:00:00Z"), "schemaVersion": 5}}
    })
}

fn run(files: &[(&str, Value)], extra: &[&str], dir: &Path) -> (i32, Value) {
    let mut cmd = drydock();
    cmd.args(["audit", "-q", "--format", "json"]).args(extra);
    if !extra.contains(&"--fail-on") {
        cmd.args(["--fail-on", "none"]);
    }
    for (name, value) in files {
        let path = dir.join(name);
        fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
        cmd.arg("--evidence").arg(path);
    }
    let out = cmd.output().unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), report)
}

fn dh066<'a>(report: &'a Value, image: &str) -> &'a Value {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == "DH066" && r["object"]["name"] == image)
        .unwrap_or_else(|| panic!("no DH066 result on {image}: {}", report["results"]))
}

fn dt02_on<'a>(report: &'a Value, image: &str) -> &'a Value {
    report["threat_model"]["threats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "DT02")
        .unwrap()["instances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["object"]["name"] == image)
        .unwrap_or_else(|| panic!("no DT02 instance on {image}"))
}

#[test]
fn trivy_and_grype_reports_judge_cis_4_4_and_dt02() {
    let dir = tempfile::tempdir().unwrap();
    let today = today();
    let (code, report) = run(
        &[
            ("trivy.json", trivy(&today)),
            ("grype.json", grype(&today, "Low")),
        ],
        &[],
        dir.path(),
    );
    assert_eq!(code, 0);
    let web = dh066(&report, "shop/web:1.4");
    assert_eq!(web["status"], "fail", "{web}");
    assert_eq!(
        web["message"],
        "Trivy: 2 fixable known vulnerabilities at or above medium in debian 12.1 packages: 2 high"
    );
    let dt02 = dt02_on(&report, "shop/web:1.4");
    assert_eq!(dt02["status"], "open");
    assert!(
        dt02["reason"].as_str().unwrap().contains("2 high"),
        "{dt02}"
    );

    // Grype: the one fixable finding is low, below the default threshold, and the database
    // was built today: CIS 4.4 holds, and DT02 is no longer open or unknown on that image.
    let dns = dh066(&report, "shop/dns:3");
    assert_eq!(dns["status"], "pass", "{dns}");
    let dt02 = dt02_on(&report, "shop/dns:3");
    assert!(
        matches!(
            dt02["status"].as_str(),
            Some("mitigated" | "partially_mitigated")
        ),
        "{dt02}"
    );
    // With a threshold of low it fails.
    let (_, report) = run(
        &[("grype.json", grype(&today, "Low"))],
        &["--vuln-threshold", "low"],
        dir.path(),
    );
    assert_eq!(dh066(&report, "shop/dns:3")["status"], "fail");
}

#[test]
fn stale_scanner_data_shows_nothing_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (_, report) = run(
        &[("grype.json", grype("2026-01-05", "Low"))],
        &[],
        dir.path(),
    );
    let dns = dh066(&report, "shop/dns:3");
    assert_eq!(dns["status"], "unknown", "{dns}");
    assert!(
        dns["message"]
            .as_str()
            .unwrap()
            .contains("days old (fetched 2026-01-05)"),
        "{dns}"
    );
    assert_eq!(dt02_on(&report, "shop/dns:3")["status"], "unknown");
    // The same data is fresh enough under a longer allowance.
    let (_, report) = run(
        &[("grype.json", grype("2026-01-05", "Low"))],
        &["--vuln-max-age", "100000"],
        dir.path(),
    );
    assert_eq!(dh066(&report, "shop/dns:3")["status"], "pass");
}

#[test]
fn malformed_scanner_entries_are_named_and_the_audit_is_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let mut broken = trivy(&today());
    broken["Results"][0]["Vulnerabilities"][1] = json!({"Severity": "CRITICAL"});
    let mut clean = grype(&today(), "Low");
    clean["matches"]
        .as_array_mut()
        .unwrap()
        .push(json!({"vulnerability": {}}));
    let (code, report) = run(
        &[("trivy.json", broken), ("grype.json", clean)],
        &["--fail-on", "low"],
        dir.path(),
    );
    let reasons = report["incomplete_reasons"].to_string();
    assert!(
        reasons.contains("trivy.json: Results[0].Vulnerabilities[1] has no VulnerabilityID"),
        "{reasons}"
    );
    assert!(
        reasons.contains("grype.json: matches[1] has no vulnerability id"),
        "{reasons}"
    );
    // The readable entries still count: one high finding fails the run.
    assert_eq!(code, 1);
    let web = dh066(&report, "shop/web:1.4");
    assert_eq!(web["status"], "fail");
    assert!(
        web["message"].as_str().unwrap().contains("1 fixable"),
        "{web}"
    );
    // The image with nothing fixable is unknown, not clean, and the run says incomplete.
    assert_eq!(dh066(&report, "shop/dns:3")["status"], "unknown");
    let (code, _) = run(
        &[("grype.json", {
            let mut g = grype(&today(), "Low");
            g["matches"]
                .as_array_mut()
                .unwrap()
                .push(json!({"vulnerability": {}}));
            g
        })],
        &[],
        dir.path(),
    );
    assert_eq!(code, 3);
}

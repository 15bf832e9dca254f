//! Known vulnerabilities of the packages in images (issue 22): test images built here
//! `FROM` the busybox test image with real package databases — the machine's own dpkg status
//! file, a Debian 12 status file with release-time versions, an Alpine 3.16 database — matched
//! against hand-written OSV records of real advisories (`fixtures/osv`), from `docker save`
//! archives and live (`--image-layers`).
//!
//! The oracle for the machine's own packages is dpkg itself: a package is affected when
//! `dpkg --compare-versions INSTALLED lt FIXED` says so for its source package.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{RemoveImage, build_image, drydock, repo_root, test_images};

/// Builds an image from the busybox test image with `files` (context path → image path).
fn build(dir: &Path, name: &str, files: &[(&Path, &str)]) -> (String, RemoveImage) {
    let ctx = dir.join(name);
    let mut dockerfile = String::from("FROM drydock-test/busybox:1\n");
    for (i, (from, to)) in files.iter().enumerate() {
        fs::create_dir_all(&ctx).unwrap();
        fs::copy(from, ctx.join(format!("f{i}"))).unwrap();
        dockerfile.push_str(&format!("COPY f{i} {to}\n"));
    }
    fs::write(ctx.join("Dockerfile"), dockerfile).unwrap();
    let tag = format!("drydock-test/vuln-{name}:{}", std::process::id());
    let guard = build_image(&ctx, &tag);
    (tag, guard)
}

fn save(dir: &Path, tag: &str, file: &str) -> PathBuf {
    let archive = dir.join(file);
    let saved = Command::new("docker")
        .args(["save", "-o"])
        .arg(&archive)
        .arg(tag)
        .status()
        .unwrap();
    assert!(saved.success());
    archive
}

/// A copy of the fixture database, stamped as fetched today.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("osv");
    for eco in ["debian", "alpine"] {
        fs::create_dir_all(db.join(eco)).unwrap();
        for entry in fs::read_dir(
            repo_root()
                .join("crates/drydock/tests/fixtures/osv")
                .join(eco),
        )
        .unwrap()
        {
            let entry = entry.unwrap();
            fs::copy(entry.path(), db.join(eco).join(entry.file_name())).unwrap();
        }
    }
    let today = Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .unwrap();
    fs::write(
        db.join("drydock-vulndb.json"),
        format!(
            "{{\"fetched\": \"{}\"}}",
            String::from_utf8_lossy(&today.stdout).trim()
        ),
    )
    .unwrap();
    db
}

fn audit(args: &[&str], paths: &[&Path]) -> (i32, Value, String) {
    let out = drydock()
        .args(["audit", "-q", "--format", "json", "--fail-on", "none"])
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap_or(-1),
        report,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (rule, status, message, evidence fields) of a rule's results on objects whose name
/// contains `name`.
fn results<'a>(report: &'a Value, rule: &str, name: &str) -> Vec<&'a Value> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule_id"] == rule)
        .filter(|r| r["object"]["name"].as_str().unwrap_or("").contains(name))
        .collect()
}

/// `package installed → advisory` of a result's evidence.
fn findings(result: &Value) -> BTreeSet<String> {
    result["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"] != "known vulnerabilities" && e["field"] != "more")
        .map(|e| {
            let advisory = e["actual"].as_str().unwrap();
            let id = advisory.split([' ', ':']).next().unwrap();
            format!(
                "{} → {id} (fixed {})",
                e["field"].as_str().unwrap(),
                e["expected"]
                    .as_str()
                    .unwrap()
                    .trim_end_matches(" or later")
            )
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn known_vulnerabilities_of_real_package_databases_from_archives_and_live() {
    test_images();
    let dir = tempfile::tempdir().unwrap();
    let fixtures = repo_root().join("crates/drydock/tests/fixtures/vuln-images");
    let db = database(dir.path());
    let db_arg = db.to_str().unwrap();

    // Debian 12 with release-time versions: the exact findings.
    let (old, _old) = build(
        dir.path(),
        "old",
        &[
            (&fixtures.join("debian/status"), "/var/lib/dpkg/status"),
            (&fixtures.join("debian/os-release"), "/etc/os-release"),
        ],
    );
    let old_archive = save(dir.path(), &old, "old.tar");
    // Alpine 3.16 with bind 9.16.45-r0.
    let (alpine, _alpine) = build(
        dir.path(),
        "alpine",
        &[
            (&fixtures.join("alpine/installed"), "/lib/apk/db/installed"),
            (&fixtures.join("alpine/os-release"), "/etc/os-release"),
        ],
    );
    let alpine_archive = save(dir.path(), &alpine, "alpine.tar");

    // Workloads running these images: judged through the images read in the same audit.
    let manifest = dir.path().join("deploy.yaml");
    fs::write(
        &manifest,
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  selector:\n    matchLabels: {{app: shop}}\n  template:\n    metadata:\n      labels: {{app: shop}}\n    spec:\n      containers:\n        - name: web\n          image: docker.io/{old}\n        - name: sidecar\n          image: example.com/never-read:2\n"
        ),
    )
    .unwrap();
    let (code, report, stderr) = audit(
        &["--no-host", "--vuln-db", db_arg],
        &[&old_archive, &alpine_archive, &manifest],
    );
    assert_eq!(code, 0, "{stderr}");
    let old_results = results(&report, "AR007", &old);
    assert!(!old_results.is_empty(), "{stderr}");
    assert_eq!(old_results.len(), 1, "{old_results:?}");
    let r = old_results[0];
    assert_eq!(r["status"], "fail", "{r}");
    assert_eq!(
        findings(r),
        set(&[
            "libc6 2.36-9 → DSA-5514-1 (fixed 2.36-9+deb12u3)",
            "libc6 2.36-9 → DEBIAN-CVE-2026-4438 (fixed 2.36-9+deb12u14)",
            "libssl3 3.0.9-1 → DSA-5532-1 (fixed 3.0.11-1~deb12u2)",
            "openssh-client 1:9.2p1-2 → DSA-5724-1 (fixed 1:9.2p1-2+deb12u3)",
        ])
    );
    // Severity from the CVSS vectors (8.1 and 7.8 high, 5.4 medium); the record without one
    // counts as the threshold.
    let message = r["message"].as_str().unwrap();
    assert!(
        message.starts_with("4 fixable known vulnerabilities at or above medium in Debian:12 packages: 2 high, 2 medium"),
        "{message}"
    );
    let openssh = r["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "openssh-client 1:9.2p1-2")
        .unwrap();
    assert_eq!(openssh["actual"], "DSA-5724-1 (CVE-2024-6387): high 8.1");
    // The unfixed tar issue is not fixable and the deinstalled zlib is not installed: neither
    // is in the set above; bash's binNMU (5.2.15-2+b2) is matched by its source version.

    // End of life, from os-release: Debian 12 is supported (its LTS ends 2028-06-30), Alpine
    // 3.16's updates ended 2024-05-23; the table's date is in the evidence.
    let debian_eol = results(&report, "AR008", &old)[0];
    assert_eq!(debian_eol["status"], "pass", "{debian_eol}");
    assert_eq!(
        debian_eol["message"],
        "debian 12 gets security updates until 2028-06-30"
    );
    let alpine_eol = results(&report, "AR008", &alpine)[0];
    assert_eq!(alpine_eol["status"], "fail", "{alpine_eol}");
    assert!(
        alpine_eol["message"]
            .as_str()
            .unwrap()
            .starts_with("alpine 3.16 no longer gets security updates (they ended 20"),
        "{alpine_eol}"
    );
    assert!(
        alpine_eol["evidence"]
            .to_string()
            .contains("endoflife.date/alpine-linux eol of 20"),
        "{alpine_eol}"
    );

    let alpine_results = results(&report, "AR007", &alpine);
    assert_eq!(alpine_results[0]["status"], "fail");
    assert_eq!(
        findings(alpine_results[0]),
        set(&["bind-libs 9.16.45-r0 → ALPINE-CVE-2023-4408 (fixed 9.16.48-r0)"])
    );

    // The threat: DT02 is open on both images, with the counts in the control's result.
    let dt02 = report["threat_model"]["threats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "DT02")
        .unwrap();
    let instances = dt02["instances"].as_array().unwrap();
    let on_old = instances
        .iter()
        .find(|i| i["object"]["name"].as_str().unwrap().contains(&old))
        .unwrap_or_else(|| panic!("{dt02}"));
    assert_eq!(on_old["status"], "open", "{on_old}");
    assert!(
        on_old["reason"]
            .as_str()
            .unwrap()
            .ends_with("AR007 (4 fixable known vulnerabilities at or above medium in Debian:12 packages: 2 high, 2 medium)"),
        "{on_old}"
    );

    let web = results(&report, "KC22", "container web");
    assert_eq!(web.len(), 1, "{}", report["results"]);
    assert_eq!(web[0]["status"], "fail", "{}", web[0]);
    assert_eq!(findings(web[0]), findings(old_results[0]));
    let sidecar = results(&report, "KC22", "container sidecar");
    assert_eq!(sidecar[0]["status"], "unknown", "{}", sidecar[0]);
    let kt26 = report["threat_model"]["threats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "KT26")
        .unwrap();
    assert_eq!(kt26["instances"][0]["status"], "open", "{kt26}");

    // A higher threshold: the unknown-severity record counts as high.
    let (_, report, _) = audit(
        &["--no-host", "--vuln-db", db_arg, "--vuln-threshold", "high"],
        &[&old_archive],
    );
    let r = results(&report, "AR007", &old)[0];
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .starts_with("3 fixable known vulnerabilities at or above high"),
        "{r}"
    );

    // Live: the same image through the engine, for CIS 4.4 (DH066) and AR007.
    let (_, report, stderr) = audit(&["--no-files", "--image-layers", "--vuln-db", db_arg], &[]);
    let live = results(&report, "DH066", &old);
    assert_eq!(live.len(), 1, "{stderr}");
    assert_eq!(live[0]["status"], "fail", "{}", live[0]);
    assert_eq!(findings(live[0]), findings(old_results[0]));

    // Without a database: CIS 4.4 stays a person's check, and the archive's result is
    // unknown with what is missing.
    let (_, report, _) = audit(&["--no-host"], &[&old_archive]);
    let r = results(&report, "AR007", &old)[0];
    assert_eq!(r["status"], "unknown");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("no vulnerability data"),
        "{r}"
    );
}

#[test]
fn the_machines_own_packages_match_as_dpkg_orders_them() {
    test_images();
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let (tag, _guard) = build(
        dir.path(),
        "machine",
        &[
            (Path::new("/var/lib/dpkg/status"), "/var/lib/dpkg/status"),
            (Path::new("/usr/lib/os-release"), "/etc/os-release"),
        ],
    );
    let archive = save(dir.path(), &tag, "machine.tar");
    let (_, report, stderr) = audit(
        &["--no-host", "--vuln-db", db.to_str().unwrap()],
        &[&archive],
    );
    let r = results(&report, "AR007", &tag);
    assert_eq!(r.len(), 1, "{stderr}");

    // The oracle: dpkg's own list of installed packages with their source versions, and
    // dpkg's own version order against each record's fixed version.
    let listed = Command::new("dpkg-query")
        .args([
            "-W",
            "-f",
            "${db:Status-Abbrev}\t${Package}\t${Version}\t${source:Package}\t${source:Version}\n",
        ])
        .output()
        .unwrap();
    let fixed_of: &[(&str, &str, &str)] = &[
        ("glibc", "DSA-5514-1", "2.36-9+deb12u3"),
        ("glibc", "DEBIAN-CVE-2026-4438", "2.36-9+deb12u14"),
        ("openssl", "DSA-5532-1", "3.0.11-1~deb12u2"),
        ("openssh", "DSA-5724-1", "1:9.2p1-2+deb12u3"),
    ];
    let mut expected = BTreeSet::new();
    for line in String::from_utf8_lossy(&listed.stdout).lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 || !f[0].starts_with("ii") {
            continue;
        }
        for (source, id, fixed) in fixed_of {
            if f[3] != *source {
                continue;
            }
            let below = Command::new("dpkg")
                .args(["--compare-versions", f[4], "lt", fixed])
                .status()
                .unwrap()
                .success();
            if below {
                expected.insert(format!("{} {} → {id} (fixed {fixed})", f[1], f[2]));
            }
        }
    }
    assert_eq!(findings(r[0]), expected);
    let status = if expected.is_empty() { "pass" } else { "fail" };
    assert_eq!(r[0]["status"], status, "{}", r[0]);
}

#[test]
fn a_malformed_record_is_named_the_rest_still_used_and_the_audit_incomplete() {
    test_images();
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    fs::write(
        db.join("debian/broken.json"),
        "{\n  \"id\": \"DSA-0000-1\",\n  \"affected\": 5\n}\n",
    )
    .unwrap();
    fs::write(
        db.join("debian/cut.json"),
        "{\"id\": \"DSA-0001-1\", \"affected\": [",
    )
    .unwrap();
    let fixtures = repo_root().join("crates/drydock/tests/fixtures/vuln-images");
    let (tag, _guard) = build(
        dir.path(),
        "malformed",
        &[
            (&fixtures.join("debian/status"), "/var/lib/dpkg/status"),
            (&fixtures.join("debian/os-release"), "/etc/os-release"),
        ],
    );
    // An image whose one known vulnerability has no fix: clean, were the database whole.
    let status = fs::read_to_string(fixtures.join("debian/status")).unwrap();
    let tar_only: String = status
        .split("\n\n")
        .filter(|s| s.starts_with("Package: tar\n"))
        .collect();
    fs::write(dir.path().join("tar-status"), format!("{tar_only}\n")).unwrap();
    let (clean_tag, _clean_guard) = build(
        dir.path(),
        "unfixed",
        &[
            (&dir.path().join("tar-status"), "/var/lib/dpkg/status"),
            (&fixtures.join("debian/os-release"), "/etc/os-release"),
        ],
    );
    let clean_archive = save(dir.path(), &clean_tag, "unfixed.tar");
    let archive = save(dir.path(), &tag, "image.tar");
    let out = drydock()
        .args(["audit", "-q", "--no-host", "--format", "json", "--vuln-db"])
        .arg(&db)
        .arg(&archive)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Findings from the readable records still fail the run (1); the incompleteness is
    // reported with each file named, line and column included.
    assert_eq!(out.status.code(), Some(1));
    let reasons = report["incomplete_reasons"].to_string();
    assert!(reasons.contains("broken.json: line 3, column"), "{reasons}");
    assert!(reasons.contains("cut.json: line 1, column"), "{reasons}");
    assert_eq!(report["complete"], false);
    let r = results(&report, "AR007", &tag)[0];
    assert_eq!(findings(r).len(), 4);

    // With nothing fixable to show, the same database gives exit 3 and unknown, not a pass;
    // whole, it gives a pass.
    let (code, report, _) = audit(
        &["--no-host", "--vuln-db", db.to_str().unwrap()],
        &[&clean_archive],
    );
    let r = results(&report, "AR007", &clean_tag)[0];
    assert_eq!(r["status"], "unknown", "{r}");
    assert!(
        r["message"].as_str().unwrap().contains("could not be read"),
        "{r}"
    );
    assert_eq!(code, 3);
    fs::remove_file(db.join("debian/broken.json")).unwrap();
    fs::remove_file(db.join("debian/cut.json")).unwrap();
    let (code, report, _) = audit(
        &["--no-host", "--vuln-db", db.to_str().unwrap()],
        &[&clean_archive],
    );
    let r = results(&report, "AR007", &clean_tag)[0];
    assert_eq!(r["status"], "pass", "{r}");
    assert_eq!(code, 0);
}

/// osv.dev's per-ecosystem archives (`all.zip`), plain and in ZIP64 form, give the same
/// findings as the records one file each.
#[test]
fn records_in_zip_archives_plain_and_zip64_are_read() {
    test_images();
    let dir = tempfile::tempdir().unwrap();
    let loose = database(dir.path());
    let fixtures = repo_root().join("crates/drydock/tests/fixtures/vuln-images");
    let (tag, _guard) = build(
        dir.path(),
        "zipped",
        &[
            (&fixtures.join("debian/status"), "/var/lib/dpkg/status"),
            (&fixtures.join("debian/os-release"), "/etc/os-release"),
        ],
    );
    let archive = save(dir.path(), &tag, "image.tar");
    let (_, report, _) = audit(
        &["--no-host", "--vuln-db", loose.to_str().unwrap()],
        &[&archive],
    );
    let expected = findings(results(&report, "AR007", &tag)[0]);
    assert_eq!(expected.len(), 4);
    for (name, zip64) in [("plain", false), ("zip64", true)] {
        let db = dir.path().join(name);
        fs::create_dir_all(db.join("Debian")).unwrap();
        fs::copy(
            loose.join("drydock-vulndb.json"),
            db.join("drydock-vulndb.json"),
        )
        .unwrap();
        // Python's zipfile writes ZIP64 records everywhere when its limits are set to zero.
        let script = format!(
            "import sys, zipfile, pathlib\n\
             if {zip64}: zipfile.ZIP64_LIMIT = 0; zipfile.ZIP_FILECOUNT_LIMIT = 0\n\
             with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:\n\
             \x20   for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n\
             \x20       z.write(p, p.name)\n\
             \x20   z.writestr('README.txt', 'not a record')\n",
            zip64 = if zip64 { "True" } else { "False" }
        );
        let made = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(loose.join("debian"))
            .arg(db.join("Debian/all.zip"))
            .output()
            .unwrap();
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        let (code, report, stderr) = audit(
            &["--no-host", "--vuln-db", db.to_str().unwrap()],
            &[&archive],
        );
        assert_eq!(code, 0, "{name}: {stderr}");
        assert_eq!(
            report["complete"], true,
            "{name}: {}",
            report["incomplete_reasons"]
        );
        assert_eq!(
            findings(results(&report, "AR007", &tag)[0]),
            expected,
            "{name}"
        );
    }
}

/// `drydock vulndb update` against a mirror served here (osv.dev is not reachable from the
/// test machines): the archive lands in DIR/<ecosystem>/all.zip with today's stamp, and an
/// audit uses it; a failed download names the URL and leaves the database as it was.
#[test]
fn vulndb_update_fetches_from_a_mirror_and_keeps_the_old_database_on_failure() {
    use std::io::{BufRead, BufReader};
    test_images();
    let dir = tempfile::tempdir().unwrap();
    let loose = database(dir.path());
    let mirror = dir.path().join("mirror");
    fs::create_dir_all(mirror.join("Debian:12")).unwrap();
    let made = Command::new("python3")
        .arg("-c")
        .arg("import sys, zipfile, pathlib\nwith zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:\n    for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n        z.write(p, p.name)\n")
        .arg(loose.join("debian"))
        .arg(mirror.join("Debian:12/all.zip"))
        .status()
        .unwrap();
    assert!(made.success());
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut server = Kill(
        Command::new("python3")
            .args([
                "-u",
                "-m",
                "http.server",
                "0",
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(&mirror)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split_whitespace()
        .find_map(|w| w.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    let source = format!("http://127.0.0.1:{port}");
    let db = dir.path().join("db");
    let out = drydock()
        .args(["vulndb", "update"])
        .arg(&db)
        .args(["--ecosystem", "Debian:12", "--source", &source])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("Debian:12: 4 records"), "{said}");
    let stamp: Value =
        serde_json::from_str(&fs::read_to_string(db.join("drydock-vulndb.json")).unwrap()).unwrap();
    let today = fs::read_to_string(loose.join("drydock-vulndb.json")).unwrap();
    assert!(
        today.contains(stamp["fetched"].as_str().unwrap()),
        "{stamp}"
    );

    let fixtures = repo_root().join("crates/drydock/tests/fixtures/vuln-images");
    let (tag, _guard) = build(
        dir.path(),
        "fetched",
        &[
            (&fixtures.join("debian/status"), "/var/lib/dpkg/status"),
            (&fixtures.join("debian/os-release"), "/etc/os-release"),
        ],
    );
    let archive = save(dir.path(), &tag, "image.tar");
    let (_, report, _) = audit(
        &["--no-host", "--vuln-db", db.to_str().unwrap()],
        &[&archive],
    );
    assert_eq!(findings(results(&report, "AR007", &tag)[0]).len(), 4);

    let before = fs::read(db.join("Debian:12/all.zip")).unwrap();
    let out = drydock()
        .args(["vulndb", "update"])
        .arg(&db)
        .args(["--ecosystem", "Nowhere", "--source", &source])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{source}/Nowhere/all.zip")) && err.contains("404"),
        "{err}"
    );
    assert_eq!(fs::read(db.join("Debian:12/all.zip")).unwrap(), before);
    assert!(!db.join("Nowhere").exists());
}

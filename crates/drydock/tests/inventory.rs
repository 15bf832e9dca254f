//! What is installed in an image, read from its layers (issue 22, first part): a test image
//! built here `FROM scratch` busybox with the machine's own dpkg status file and os-release,
//! read from its `docker save` archive and live (`--image-layers`).

mod support;

use serde_json::Value;
use std::fs;
use std::process::Command;
use support::{drydock, test_images};

fn installed_on_this_machine() -> usize {
    fs::read_to_string("/var/lib/dpkg/status")
        .unwrap()
        .split("\n\n")
        .filter(|s| s.lines().any(|l| l == "Status: install ok installed"))
        .count()
}

fn check(image: &Value, expected: usize) {
    assert_eq!(image["os"]["id"], "debian", "{}", image["os"]);
    let packages = image["packages"].as_array().unwrap();
    assert_eq!(packages.len(), expected);
    let libc = packages
        .iter()
        .find(|p| p["name"] == "libc6")
        .expect("libc6 is installed");
    assert_eq!(libc["manager"], "deb");
    assert_eq!(libc["source"], "glibc");
}

#[test]
fn packages_and_release_are_read_from_an_archive_and_live() {
    test_images();
    let dir = tempfile::tempdir().unwrap();
    let ctx = dir.path().join("ctx");
    fs::create_dir_all(ctx.join("var/lib/dpkg")).unwrap();
    fs::create_dir_all(ctx.join("usr/lib")).unwrap();
    fs::create_dir_all(ctx.join("etc")).unwrap();
    fs::copy("/var/lib/dpkg/status", ctx.join("var/lib/dpkg/status")).unwrap();
    fs::copy("/usr/lib/os-release", ctx.join("usr/lib/os-release")).unwrap();
    // As Debian has it: etc/os-release a link to the file in usr/lib.
    std::os::unix::fs::symlink("../usr/lib/os-release", ctx.join("etc/os-release")).unwrap();
    fs::write(
        ctx.join("Dockerfile"),
        "FROM drydock-test/busybox:1\nCOPY var /var\nCOPY usr /usr\nCOPY etc /etc\n",
    )
    .unwrap();
    let tag = format!("drydock-test/inventory:{}", std::process::id());
    struct Remove(String);
    impl Drop for Remove {
        fn drop(&mut self) {
            let _ = Command::new("docker").args(["rmi", "-f", &self.0]).output();
        }
    }
    let built = Command::new("docker")
        .args(["build", "-q", "--force-rm", "-t", &tag])
        .arg(&ctx)
        .output()
        .unwrap();
    let _image = Remove(tag.clone());
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let expected = installed_on_this_machine();
    assert!(expected > 50);

    let archive = dir.path().join("image.tar");
    assert!(
        Command::new("docker")
            .args(["save", "-o"])
            .arg(&archive)
            .arg(&tag)
            .status()
            .unwrap()
            .success()
    );
    let facts_file = dir.path().join("facts.json");
    let out = drydock()
        .args(["collect", "--no-host", "-q", "-o"])
        .arg(&facts_file)
        .arg(&archive)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let facts: Value = serde_json::from_str(&fs::read_to_string(&facts_file).unwrap()).unwrap();
    check(&facts["project"]["archives"][0]["images"][0], expected);

    // The SBOM of the archive: CycloneDX 1.5, valid by the official schema.
    let bom_file = dir.path().join("bom.json");
    let out = drydock()
        .args([
            "audit",
            "--no-host",
            "-q",
            "--fail-on",
            "none",
            "--format",
            "cyclonedx",
            "-o",
        ])
        .arg(&bom_file)
        .arg(&archive)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bom: Value = serde_json::from_str(&fs::read_to_string(&bom_file).unwrap()).unwrap();
    let inner = bom["components"][0]["components"].as_array().unwrap();
    assert_eq!(
        inner.len(),
        expected + 1,
        "the packages and the distribution"
    );
    assert_eq!(inner[0]["type"], "operating-system");
    let libc = inner.iter().find(|c| c["name"] == "libc6").unwrap();
    let purl = libc["purl"].as_str().unwrap();
    assert!(
        purl.starts_with("pkg:deb/debian/libc6@") && purl.contains("distro=debian-12"),
        "{purl}"
    );
    assert!(
        !purl.contains('+'),
        "a plus in a version is percent-encoded: {purl}"
    );
    let python = std::env::var("DRYDOCK_PYTHON")
        .expect("DRYDOCK_PYTHON must name the Python of scripts/test (with cyclonedx-python-lib)");
    let valid = Command::new(python)
        .arg("-c")
        .arg("import sys\nfrom cyclonedx.validation.json import JsonStrictValidator\nfrom cyclonedx.schema import SchemaVersion\nerror = JsonStrictValidator(SchemaVersion.V1_5).validate_str(open(sys.argv[1]).read())\nsys.exit(str(error) if error else 0)")
        .arg(&bom_file)
        .output()
        .unwrap();
    assert!(
        valid.status.success(),
        "{}",
        String::from_utf8_lossy(&valid.stderr)
    );

    // Live: the engine exports the image and its layers are read the same way.
    let out = drydock()
        .args(["collect", "--no-files", "--image-layers", "-q", "-o"])
        .arg(&facts_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let facts: Value = serde_json::from_str(&fs::read_to_string(&facts_file).unwrap()).unwrap();
    let live = facts["engine"]["value"]["image_layers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["images"].as_array().unwrap().iter())
        .find(|i| {
            i["name"]
                .as_str()
                .is_some_and(|n| n.contains("drydock-test/inventory"))
        })
        .unwrap_or_else(|| panic!("the image in {}", facts["engine"]["value"]["image_layers"]));
    check(live, expected);
}

//! A software bill of materials in CycloneDX 1.5 JSON: each image audited from its layers as a
//! container component, its distribution as an operating-system component and its packages as
//! libraries with their package URLs (`pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12`).

use drydock_model::facts::{ArchivedImage, PackageFacts};
use serde_json::{Value, json};

/// A package URL part: everything but letters, digits and `.-_~` percent-encoded.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The package URL of a package of an image of this distribution.
pub fn purl(package: &PackageFacts, image: &ArchivedImage) -> String {
    let (kind, default_namespace) = match package.manager.as_str() {
        "apk" => ("apk", "alpine"),
        _ => ("deb", "debian"),
    };
    let namespace = image
        .os
        .as_ref()
        .map(|o| o.id.as_str())
        .filter(|id| !id.is_empty())
        .unwrap_or(default_namespace);
    let mut qualifiers = Vec::new();
    if let Some(arch) = &package.arch {
        qualifiers.push(format!("arch={}", encode(arch)));
    }
    if let Some(os) = &image.os {
        qualifiers.push(format!(
            "distro={}",
            encode(&format!("{}-{}", os.id, os.version_id))
        ));
    }
    format!(
        "pkg:{kind}/{}/{}@{}{}",
        encode(namespace),
        encode(&package.name),
        encode(&package.version),
        if qualifiers.is_empty() {
            String::new()
        } else {
            format!("?{}", qualifiers.join("&"))
        }
    )
}

/// A stable serial number: a version-4-shaped UUID made from the content, so the same images
/// give the same BOM.
fn serial(images: &[ArchivedImage]) -> String {
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for image in images {
        for b in image.name.bytes().chain(
            image
                .packages
                .iter()
                .flat_map(|p| p.name.bytes().chain(p.version.bytes())),
        ) {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
        }
    }
    let hex = format!("{hash:032x}");
    format!(
        "urn:uuid:{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// The BOM of these images.
pub fn sbom(images: &[ArchivedImage], tool_version: &str) -> Value {
    let components: Vec<Value> = images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            let mut inner: Vec<Value> = Vec::new();
            if let Some(os) = &image.os {
                inner.push(json!({
                    "type": "operating-system",
                    "bom-ref": format!("image-{i}/os"),
                    "name": os.id,
                    "version": os.version_id,
                    "description": os.pretty_name.clone().unwrap_or_default(),
                }));
            }
            for p in &image.packages {
                let purl = purl(p, image);
                let mut component = json!({
                    "type": "library",
                    "bom-ref": format!("image-{i}/{purl}"),
                    "name": p.name,
                    "version": p.version,
                    "purl": purl,
                });
                if let Some(source) = &p.source {
                    component["properties"] =
                        json!([{"name": "drydock:source-package", "value": source}]);
                }
                inner.push(component);
            }
            json!({
                "type": "container",
                "bom-ref": format!("image-{i}"),
                "name": image.name,
                "components": inner,
            })
        })
        .collect();
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": serial(images),
        "version": 1,
        "metadata": {
            "tools": {"components": [{"type": "application", "name": "drydock", "version": tool_version}]}
        },
        "components": components,
    })
}

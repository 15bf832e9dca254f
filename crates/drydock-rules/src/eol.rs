//! The end-of-life table (`data/end-of-life.tsv`, written by `scripts/eol-table` from
//! endoflife.date): when distribution releases and language runtimes stop getting security
//! updates, and the lookups from an image's `os-release` and from an image reference
//! (`python:3.9-slim-bullseye`) to its rows.

use std::sync::OnceLock;

/// One release of one product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EolEntry {
    /// drydock's product name (`debian`, `node`, …).
    pub product: &'static str,
    /// The release cycle (`12`, `3.19`, `18`).
    pub cycle: &'static str,
    /// The last day of security updates (`YYYY-MM-DD`); `None` when not set yet.
    pub end: Option<&'static str>,
    /// The release's codename (`bookworm`), when it has one.
    pub codename: &'static str,
    /// Where the date comes from.
    pub source: &'static str,
}

struct Table {
    as_of: &'static str,
    rows: Vec<EolEntry>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let text: &'static str = include_str!("../data/end-of-life.tsv");
        let mut as_of = "";
        let mut rows = Vec::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&'static str> = line.split('\t').collect();
            match f.as_slice() {
                ["as-of", date] => as_of = date,
                [product, cycle, end, codename, source] => rows.push(EolEntry {
                    product,
                    cycle,
                    end: (*end != "-").then_some(*end),
                    codename,
                    source,
                }),
                _ => {}
            }
        }
        Table { as_of, rows }
    })
}

/// The date of the table (its source's commit).
pub fn as_of() -> &'static str {
    table().as_of
}

/// The row of `product` whose cycle `version` belongs to (the longest cycle that is the
/// version or a dotted prefix of it), or whose codename it is.
pub fn lookup(product: &str, version: &str) -> Option<&'static EolEntry> {
    let version = version.trim().to_ascii_lowercase();
    table()
        .rows
        .iter()
        .filter(|r| r.product == product)
        .filter(|r| {
            version == r.cycle
                || version
                    .strip_prefix(r.cycle)
                    .is_some_and(|rest| rest.starts_with('.'))
                || (!r.codename.is_empty() && version == r.codename)
        })
        .max_by_key(|r| r.cycle.len())
}

/// The row of a distribution release, from `os-release`'s `ID` and `VERSION_ID`.
pub fn for_os(id: &str, version_id: &str) -> Option<&'static EolEntry> {
    let product = match id.trim() {
        "debian" | "ubuntu" | "alpine" | "rhel" | "centos" | "rocky" | "almalinux" | "amzn" => {
            id.trim()
        }
        _ => return None,
    };
    lookup(product, version_id)
}

/// Image names (the last part of the repository) and the product they are.
const IMAGE_PRODUCTS: &[(&str, &str)] = &[
    ("debian", "debian"),
    ("ubuntu", "ubuntu"),
    ("alpine", "alpine"),
    ("centos", "centos"),
    ("rockylinux", "rocky"),
    ("almalinux", "almalinux"),
    ("amazonlinux", "amzn"),
    ("node", "node"),
    ("python", "python"),
    ("golang", "golang"),
    ("php", "php"),
    ("ruby", "ruby"),
    ("openjdk", "openjdk"),
    ("eclipse-temurin", "eclipse-temurin"),
];

/// The rows an image reference names: its own product and version from the name and tag
/// (`node:18.20-alpine3.19` → node 18), and the distribution a tag's variant names
/// (`alpine3.19`, `bullseye`, `jammy`). Red Hat's UBI images (`ubi8`, `ubi9-minimal`) are RHEL.
pub fn for_image(reference: &str) -> Vec<&'static EolEntry> {
    let without_digest = reference.split('@').next().unwrap_or(reference);
    let last_slash = without_digest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match without_digest[last_slash..].rsplit_once(':') {
        Some((n, t)) => (n, t),
        None => (&without_digest[last_slash..], ""),
    };
    let mut out = Vec::new();
    // `ubi8`, `ubi9-minimal`, or a namespace `ubi8/…`: the RHEL release they are built from.
    let repository = &without_digest[..last_slash + name.len()];
    let rhel = repository.split('/').find_map(|part| {
        part.strip_prefix("ubi")
            .and_then(|rest| rest.split('-').next())
            .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
    });
    if let Some(rhel) = rhel {
        out.extend(lookup("rhel", rhel));
        return out;
    }
    if tag.is_empty() || tag == "latest" {
        return out;
    }
    let mut parts = tag.split('-');
    let version = parts.next().unwrap_or("");
    if let Some((_, product)) = IMAGE_PRODUCTS.iter().find(|(n, _)| *n == name) {
        out.extend(lookup(product, version));
    }
    for variant in parts {
        if let Some(alpine) = variant.strip_prefix("alpine").filter(|v| !v.is_empty()) {
            out.extend(lookup("alpine", alpine));
        } else {
            out.extend(lookup("debian", variant).or_else(|| lookup("ubuntu", variant)));
        }
    }
    out.dedup();
    out
}

/// Whether a release is past its end on `today`: `None` when the table sets no end yet or
/// today is unknown.
pub fn past_end(entry: &EolEntry, today: &str) -> Option<bool> {
    let end = entry.end?;
    drydock_model::dates::days_between(end, today).map(|days| days > 0)
}

/// Evidence of a row: the release, its end, and the table it comes from (with a warning when
/// the table is more than a year older than today).
pub fn evidence(entry: &EolEntry, today: &str) -> Vec<drydock_model::model::Evidence> {
    use drydock_model::model::Evidence;
    let name = if entry.codename.is_empty() {
        format!("{} {}", entry.product, entry.cycle)
    } else {
        format!("{} {} ({})", entry.product, entry.cycle, entry.codename)
    };
    let mut out = vec![
        Evidence::new(
            name,
            format!(
                "security updates end {}",
                entry.end.unwrap_or("(no date set yet)")
            ),
        )
        .expected(format!("a release still supported on {today}")),
        Evidence::new(
            "end-of-life table",
            format!("{} of {}", entry.source, as_of()),
        ),
    ];
    if let Some(age) = drydock_model::dates::days_between(as_of(), today)
        && age > 365
    {
        out.push(Evidence::new(
            "note",
            format!(
                "the end-of-life table is {age} days old: dates set since are missing (scripts/eol-table regenerates it)"
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_follow_cycles_codenames_and_variants() {
        assert!(!as_of().is_empty());
        assert_eq!(lookup("debian", "12").unwrap().codename, "bookworm");
        assert_eq!(lookup("debian", "bookworm").unwrap().cycle, "12");
        assert_eq!(lookup("alpine", "3.16.9").unwrap().cycle, "3.16");
        assert_eq!(lookup("python", "3.10.4").unwrap().cycle, "3.10");
        // 3.1 is not a prefix of 3.10 in dotted terms.
        assert_eq!(lookup("python", "3.1").map(|r| r.cycle), Some("3.1"));
        assert_eq!(for_os("amzn", "2").unwrap().product, "amzn");
        let cycles = |r: &str| -> Vec<String> {
            for_image(r)
                .iter()
                .map(|e| format!("{} {}", e.product, e.cycle))
                .collect()
        };
        assert_eq!(
            cycles("python:3.9-slim-bullseye"),
            ["python 3.9", "debian 11"]
        );
        assert_eq!(
            cycles("docker.io/library/node:18.20.1-alpine3.19"),
            ["node 18", "alpine 3.19"]
        );
        assert_eq!(
            cycles("registry.access.redhat.com/ubi8/ubi-minimal:8.9"),
            ["rhel 8"]
        );
        assert_eq!(cycles("registry.access.redhat.com/ubi9:latest"), ["rhel 9"]);
        assert_eq!(cycles("ubuntu:jammy"), ["ubuntu 22.04"]);
        assert!(cycles("nginx:1.25").is_empty());
        assert!(cycles("python").is_empty());
    }
}

//! The offline vulnerability database (`--vuln-db DIR`): OSV records as osv.dev publishes them,
//! one JSON file per record, JSON arrays of records, or the per-ecosystem `all.zip` archives,
//! anywhere under the directory. Files are read in parallel; a file that cannot be read is
//! named with why, and the other records are still used.

use drydock_model::facts::{Facts, ImageVulnFacts, VulnDbFacts, VulnFacts};
use drydock_parse::osv::{Advisory, OsvIndex, PackageToMatch, ecosystem_of, parse_records};
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The file `drydock vulndb update` writes beside the records: when they were fetched.
pub const STAMP_FILE: &str = "drydock-vulndb.json";

/// A record file larger than this is refused (osv.dev's largest records are a few hundred
/// kilobytes).
const MAX_RECORD_BYTES: u64 = 16 << 20;
/// An archive larger than this is refused (the largest ecosystem's `all.zip` is far smaller).
const MAX_ARCHIVE_BYTES: u64 = 2 << 30;

/// Reads every record under `dir`. Err only when the directory itself cannot be read.
pub fn load(dir: &Path) -> Result<(OsvIndex, VulnDbFacts), String> {
    let meta = std::fs::metadata(dir).map_err(|e| {
        format!(
            "{}: cannot read the vulnerability database: {e}",
            dir.display()
        )
    })?;
    if !meta.is_dir() {
        return Err(format!(
            "{}: the vulnerability database must be a directory (of OSV JSON files or all.zip archives)",
            dir.display()
        ));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    walk(dir, &mut files, &mut problems);
    files.sort();
    let parsed: Vec<(Vec<Advisory>, Vec<String>)> =
        files.par_iter().map(|path| read_file(path)).collect();
    let mut index = OsvIndex::default();
    for (advisories, file_problems) in parsed {
        problems.extend(file_problems);
        for advisory in advisories {
            index.add(advisory);
        }
    }
    let fetched = std::fs::read_to_string(dir.join(STAMP_FILE))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| {
            v.get("fetched")
                .and_then(|f| f.as_str())
                .map(str::to_string)
        })
        .map(|f| f.chars().take(10).collect());
    let newest = index.newest_modified();
    let facts = VulnDbFacts {
        path: dir.display().to_string(),
        records: index.len(),
        ecosystems: index.ecosystems().clone(),
        fetched,
        newest_record: (newest.len() >= 10).then(|| newest[..10].to_string()),
        problems,
    };
    Ok((index, facts))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(format!("{}: cannot list: {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            walk(&path, files, problems);
        } else if kind.is_file()
            && name != STAMP_FILE
            && (name.ends_with(".json") || name.ends_with(".zip"))
        {
            files.push(path);
        }
    }
}

/// The records of one file, and what could not be read in it.
fn read_file(path: &Path) -> (Vec<Advisory>, Vec<String>) {
    let shown = path.display();
    let is_zip = path.extension().is_some_and(|e| e == "zip");
    let limit = if is_zip {
        MAX_ARCHIVE_BYTES
    } else {
        MAX_RECORD_BYTES
    };
    let bytes = match std::fs::File::open(path).and_then(|f| {
        let mut bytes = Vec::new();
        f.take(limit + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    }) {
        Ok(b) if b.len() as u64 > limit => {
            return (
                Vec::new(),
                vec![format!(
                    "{shown}: larger than {} MiB; not read",
                    limit >> 20
                )],
            );
        }
        Ok(b) => b,
        Err(e) => return (Vec::new(), vec![format!("{shown}: cannot read: {e}")]),
    };
    if !is_zip {
        return match std::str::from_utf8(&bytes) {
            Ok(text) => match parse_records(text) {
                Ok(records) => (records, Vec::new()),
                Err(e) => (Vec::new(), vec![format!("{shown}: {e}")]),
            },
            Err(e) => (
                Vec::new(),
                vec![format!("{shown}: not UTF-8 at byte {}", e.valid_up_to())],
            ),
        };
    }
    let entries = match zip_entries(&bytes) {
        Ok(entries) => entries,
        Err(e) => return (Vec::new(), vec![format!("{shown}: {e}")]),
    };
    let results: Vec<Result<Vec<Advisory>, String>> = entries
        .par_iter()
        .filter(|e| e.name.ends_with(".json"))
        .map(|entry| {
            let text = zip_read(&bytes, entry)?;
            parse_records(&text)
        })
        .collect();
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (entry, result) in entries
        .iter()
        .filter(|e| e.name.ends_with(".json"))
        .zip(results)
    {
        match result {
            Ok(r) => records.extend(r),
            Err(e) => problems.push(format!("{shown}: {}: {e}", entry.name)),
        }
    }
    (records, problems)
}

/// An entry of a zip archive's central directory.
struct ZipEntry {
    name: String,
    method: u16,
    compressed: u64,
    size: u64,
    local_header: u64,
}

fn le16(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 2)
        .map(|s| u64::from(u16::from_le_bytes([s[0], s[1]])))
}

fn le32(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 4)
        .map(|s| u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8)
        .map(|s| u64::from_le_bytes(s.try_into().unwrap_or([0; 8])))
}

/// The central directory of a zip archive (ZIP64 included).
fn zip_entries(b: &[u8]) -> Result<Vec<ZipEntry>, String> {
    const END: u64 = 0x0605_4b50;
    const END64: u64 = 0x0606_4b50;
    const LOCATOR64: u64 = 0x0706_4b50;
    const CENTRAL: u64 = 0x0201_4b50;
    let bad = || "not a zip archive (no end of central directory)".to_string();
    // The end record is the last 22 bytes, or before a comment of up to 64 KiB.
    let lowest = b.len().saturating_sub(22 + 65_535);
    let end = (lowest..=b.len().saturating_sub(22))
        .rev()
        .find(|&i| le32(b, i) == Some(END))
        .ok_or_else(bad)?;
    let mut directory = le32(b, end + 16).ok_or_else(bad)?;
    // A ZIP64 locator just before the end record points to the record with 64-bit fields,
    // which is the one to trust when present.
    if end >= 20 && le32(b, end - 20) == Some(LOCATOR64) {
        let end64 = le64(b, end - 12).ok_or_else(bad)? as usize;
        if le32(b, end64) != Some(END64) {
            return Err("damaged ZIP64 end record".into());
        }
        directory = le64(b, end64 + 48).ok_or_else(bad)?;
    }
    let mut at = directory as usize;
    let mut entries = Vec::new();
    while le32(b, at) == Some(CENTRAL) {
        let truncated = || format!("central directory cut off at byte {at}");
        let method = le16(b, at + 10).ok_or_else(truncated)? as u16;
        let mut compressed = le32(b, at + 20).ok_or_else(truncated)?;
        let mut size = le32(b, at + 24).ok_or_else(truncated)?;
        let name_len = le16(b, at + 28).ok_or_else(truncated)? as usize;
        let extra_len = le16(b, at + 30).ok_or_else(truncated)? as usize;
        let comment_len = le16(b, at + 32).ok_or_else(truncated)? as usize;
        let mut local_header = le32(b, at + 42).ok_or_else(truncated)?;
        let name = b.get(at + 46..at + 46 + name_len).ok_or_else(truncated)?;
        let name = String::from_utf8_lossy(name).into_owned();
        // ZIP64 sizes and offsets live in extra field 0x0001, in this order, each only when
        // its 32-bit field is saturated.
        let extra_start = at + 46 + name_len;
        let extra = b
            .get(extra_start..extra_start + extra_len)
            .ok_or_else(truncated)?;
        let mut e = 0;
        while e + 4 <= extra.len() {
            let id = le16(extra, e).unwrap_or(0);
            let len = le16(extra, e + 2).unwrap_or(0) as usize;
            if id == 1 {
                let mut f = e + 4;
                for field in [&mut size, &mut compressed, &mut local_header] {
                    if *field == 0xFFFF_FFFF {
                        *field = le64(extra, f).ok_or_else(truncated)?;
                        f += 8;
                    }
                }
            }
            e += 4 + len;
        }
        entries.push(ZipEntry {
            name,
            method,
            compressed,
            size,
            local_header,
        });
        at = extra_start + extra_len + comment_len;
    }
    Ok(entries)
}

/// The text of one entry (stored or deflated), bounded by the record limit.
fn zip_read(b: &[u8], entry: &ZipEntry) -> Result<String, String> {
    let at = entry.local_header as usize;
    if le32(b, at) != Some(0x0403_4b50) {
        return Err("local header missing".into());
    }
    let cut = || "cut off".to_string();
    let name_len = le16(b, at + 26).ok_or_else(cut)? as usize;
    let extra_len = le16(b, at + 28).ok_or_else(cut)? as usize;
    let start = at + 30 + name_len + extra_len;
    let data = b
        .get(start..start.saturating_add(entry.compressed as usize))
        .ok_or_else(cut)?;
    if entry.size > MAX_RECORD_BYTES {
        return Err(format!("larger than {} MiB", MAX_RECORD_BYTES >> 20));
    }
    let mut out = Vec::with_capacity(entry.size as usize);
    match entry.method {
        0 => out.extend_from_slice(data),
        8 => {
            flate2::read::DeflateDecoder::new(data)
                .take(MAX_RECORD_BYTES + 1)
                .read_to_end(&mut out)
                .map_err(|e| format!("cannot inflate: {e}"))?;
        }
        m => return Err(format!("compression method {m} is not read")),
    }
    String::from_utf8(out)
        .map_err(|e| format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

/// Matches the packages of every image read (archives, and local images with
/// `--image-layers`) against the database, and records the database in the facts.
pub fn annotate(facts: &mut Facts, index: &OsvIndex, db: VulnDbFacts) {
    let images = facts.project.archives.iter_mut().chain(
        facts
            .engine
            .known_mut()
            .map(|e| e.image_layers.iter_mut())
            .into_iter()
            .flatten(),
    );
    let images: Vec<&mut drydock_model::facts::ArchivedImage> =
        images.flat_map(|a| a.images.iter_mut()).collect();
    images.into_par_iter().for_each(|image| {
        image.vulnerabilities = Some(match_image(image, index));
    });
    facts.vulnerability_db = Some(db);
}

fn match_image(image: &drydock_model::facts::ArchivedImage, index: &OsvIndex) -> ImageVulnFacts {
    let Some(os) = &image.os else {
        return ImageVulnFacts {
            unmatched: if image.packages.is_empty() {
                "no os-release and no package database in the image: what it holds is unknown to drydock".into()
            } else {
                "no os-release in the image: the distribution its packages come from is unknown"
                    .into()
            },
            ..Default::default()
        };
    };
    let Some((ecosystem, order)) = ecosystem_of(&os.id, &os.version_id) else {
        return ImageVulnFacts {
            unmatched: format!(
                "{} {}: no OSV ecosystem drydock matches (Debian, Ubuntu and Alpine releases are)",
                os.id, os.version_id
            ),
            ..Default::default()
        };
    };
    if !index
        .ecosystems()
        .contains_key(&drydock_parse::osv::ecosystem_key(&ecosystem))
    {
        return ImageVulnFacts {
            unmatched: format!("the database holds no {ecosystem} records"),
            ecosystem: Some(ecosystem),
            ..Default::default()
        };
    }
    let packages: Vec<PackageToMatch> = image
        .packages
        .iter()
        .map(|p| PackageToMatch {
            advisory_name: p.source.as_deref().unwrap_or(&p.name),
            advisory_version: p.source_version.as_deref().unwrap_or(&p.version),
            package: &p.name,
            installed: &p.version,
        })
        .collect();
    let findings = index
        .matches(&ecosystem, order, &packages)
        .into_iter()
        .map(|m| VulnFacts {
            id: m.id,
            aliases: m.aliases,
            package: m.package,
            installed: m.installed,
            fixed: m.fixed,
            severity: m.severity.name().to_string(),
            score: m.score,
            summary: m.summary,
        })
        .collect();
    ImageVulnFacts {
        ecosystem: Some(ecosystem),
        unmatched: String::new(),
        findings,
    }
}

/// Where osv.dev publishes each ecosystem's records (`<base>/<ecosystem>/all.zip`).
pub const OSV_SOURCE: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// What one ecosystem's update brought.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The ecosystem.
    pub ecosystem: String,
    /// Records in its archive.
    pub records: usize,
    /// Where it was written.
    pub path: PathBuf,
}

/// Fetches each ecosystem's `all.zip` from `source` into `dir/<ecosystem>/all.zip` and stamps
/// the directory with `today`. Each archive is checked to be a readable zip before it replaces
/// the one in place, so a failed or cut download leaves the old database as it was.
pub fn update(
    dir: &Path,
    ecosystems: &[String],
    source: &str,
    today: &str,
    timeout: std::time::Duration,
) -> Result<Vec<Fetched>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut fetched = Vec::new();
    for ecosystem in ecosystems {
        if ecosystem.is_empty() || ecosystem.contains(['/', '\\']) || ecosystem.starts_with('.') {
            return Err(format!("`{ecosystem}` is not an ecosystem name"));
        }
        let encoded: String = ecosystem
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        let url = format!("{}/{encoded}/all.zip", source.trim_end_matches('/'));
        let bytes = crate::download::get(&url, MAX_ARCHIVE_BYTES as usize, timeout)?;
        let records = zip_entries(&bytes)
            .map_err(|e| format!("{url}: {e}"))?
            .iter()
            .filter(|e| e.name.ends_with(".json"))
            .count();
        let target_dir = dir.join(ecosystem);
        std::fs::create_dir_all(&target_dir)
            .map_err(|e| format!("{}: {e}", target_dir.display()))?;
        let target = target_dir.join("all.zip");
        let partial = target_dir.join("all.zip.part");
        std::fs::write(&partial, &bytes).map_err(|e| format!("{}: {e}", partial.display()))?;
        std::fs::rename(&partial, &target).map_err(|e| format!("{}: {e}", target.display()))?;
        fetched.push(Fetched {
            ecosystem: ecosystem.clone(),
            records,
            path: target,
        });
    }
    let stamp = serde_json::json!({
        "fetched": today,
        "source": source,
        "ecosystems": ecosystems,
    });
    std::fs::write(
        dir.join(STAMP_FILE),
        serde_json::to_string_pretty(&stamp).unwrap_or_default(),
    )
    .map_err(|e| format!("{}: {e}", dir.join(STAMP_FILE).display()))?;
    Ok(fetched)
}

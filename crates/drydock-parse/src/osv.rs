//! Known vulnerabilities from OSV records (the JSON format osv.dev publishes per ecosystem:
//! `Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19`, …), matched against installed packages
//! in the distribution's own version order.
//!
//! A package is affected by a record when its version lies in one of the record's
//! `affected[].ranges` of type `ECOSYSTEM` (between an `introduced` event and the next `fixed`
//! one, or up to and including a `last_affected`), or is listed in `affected[].versions`. The
//! fixed version reported is the first `fixed` event above the installed version.

use crate::packages::{apk_compare, dpkg_compare};
use serde::Deserialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

/// How bad a vulnerability is, as its record says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VulnSeverity {
    /// The record gives none that drydock can read.
    Unknown,
    /// Low (CVSS below 4.0, or the distribution's "low", "negligible", "unimportant").
    Low,
    /// Medium (4.0 to 6.9, "moderate").
    Medium,
    /// High (7.0 to 8.9).
    High,
    /// Critical (9.0 and above).
    Critical,
}

impl VulnSeverity {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            VulnSeverity::Unknown => "unknown",
            VulnSeverity::Low => "low",
            VulnSeverity::Medium => "medium",
            VulnSeverity::High => "high",
            VulnSeverity::Critical => "critical",
        }
    }

    /// From a word a database uses (`HIGH`, `moderate`, `unimportant`).
    pub fn from_word(word: &str) -> Self {
        match word.trim().to_ascii_lowercase().as_str() {
            "critical" => VulnSeverity::Critical,
            "high" | "important" => VulnSeverity::High,
            "medium" | "moderate" => VulnSeverity::Medium,
            "low" | "negligible" | "unimportant" => VulnSeverity::Low,
            _ => VulnSeverity::Unknown,
        }
    }

    /// From a CVSS base score.
    pub fn from_score(score: f64) -> Self {
        match score {
            s if s >= 9.0 => VulnSeverity::Critical,
            s if s >= 7.0 => VulnSeverity::High,
            s if s >= 4.0 => VulnSeverity::Medium,
            s if s > 0.0 => VulnSeverity::Low,
            _ => VulnSeverity::Unknown,
        }
    }
}

/// The base score of a CVSS 3.0 or 3.1 vector (`CVSS:3.1/AV:N/AC:L/…`), by the
/// specification's formulas; `None` when a base metric is missing or unknown.
pub fn cvss3_base_score(vector: &str) -> Option<f64> {
    let mut parts = vector.split('/');
    if !parts.next()?.starts_with("CVSS:3") {
        return None;
    }
    let metrics: HashMap<&str, &str> = parts.filter_map(|p| p.split_once(':')).collect();
    let get = |k: &str| metrics.get(k).copied();
    let changed = match get("S")? {
        "U" => false,
        "C" => true,
        _ => return None,
    };
    let av = match get("AV")? {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        "P" => 0.2,
        _ => return None,
    };
    let ac = match get("AC")? {
        "L" => 0.77,
        "H" => 0.44,
        _ => return None,
    };
    let pr = match (get("PR")?, changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        ("H", false) => 0.27,
        ("H", true) => 0.5,
        _ => return None,
    };
    let ui = match get("UI")? {
        "N" => 0.85,
        "R" => 0.62,
        _ => return None,
    };
    let cia = |k: &str| -> Option<f64> {
        match get(k)? {
            "H" => Some(0.56),
            "L" => Some(0.22),
            "N" => Some(0.0),
            _ => None,
        }
    };
    let (c, i, a) = (cia("C")?, cia("I")?, cia("A")?);
    let iss = 1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a);
    let impact = if changed {
        7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
    } else {
        6.42 * iss
    };
    if impact <= 0.0 {
        return Some(0.0);
    }
    let exploitability = 8.22 * av * ac * pr * ui;
    let raw = if changed {
        (1.08 * (impact + exploitability)).min(10.0)
    } else {
        (impact + exploitability).min(10.0)
    };
    // CVSS 3.1's round-up to one decimal, done on integers so that 4.0000001 stays 4.0.
    let scaled = (raw * 100_000.0).round() as i64;
    Some(if scaled % 10_000 == 0 {
        scaled as f64 / 100_000.0
    } else {
        ((scaled / 10_000) + 1) as f64 / 10.0
    })
}

/// The version order of an ecosystem's packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionOrder {
    /// Debian and Ubuntu.
    Dpkg,
    /// Alpine.
    Apk,
}

impl VersionOrder {
    fn compare(self, a: &str, b: &str) -> Ordering {
        match self {
            VersionOrder::Dpkg => dpkg_compare(a, b),
            VersionOrder::Apk => apk_compare(a, b),
        }
    }
}

/// The OSV ecosystem of a distribution release (`os-release`'s `ID` and `VERSION_ID`), with
/// its version order; `None` for a release OSV has no ecosystem for (or no version given).
pub fn ecosystem_of(id: &str, version_id: &str) -> Option<(String, VersionOrder)> {
    let version = version_id.trim();
    if version.is_empty() {
        return None;
    }
    match id.trim() {
        "debian" => {
            let major = version.split('.').next()?;
            Some((format!("Debian:{major}"), VersionOrder::Dpkg))
        }
        "ubuntu" => Some((format!("Ubuntu:{version}"), VersionOrder::Dpkg)),
        "alpine" => {
            let mut parts = version.split('.');
            let (major, minor) = (parts.next()?, parts.next()?);
            Some((format!("Alpine:v{major}.{minor}"), VersionOrder::Apk))
        }
        _ => None,
    }
}

/// The key an OSV ecosystem is filed under: Ubuntu's `:LTS` and similar tails dropped, so
/// `Ubuntu:22.04:LTS` and an image's `Ubuntu:22.04` meet. Ubuntu Pro's ecosystems keep their
/// name (their fixes are not in the public archive).
pub fn ecosystem_key(ecosystem: &str) -> String {
    match ecosystem.strip_prefix("Ubuntu:") {
        Some(rest) if !rest.starts_with("Pro") => {
            format!("Ubuntu:{}", rest.split(':').next().unwrap_or(rest))
        }
        _ => ecosystem.to_string(),
    }
}

#[derive(Deserialize)]
struct RawRecord {
    id: String,
    #[serde(default)]
    aliases: Vec<String>,
    /// The upstream advisories a distribution's record derives from (`CVE-…`).
    #[serde(default)]
    upstream: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default)]
    withdrawn: Option<String>,
    #[serde(default)]
    severity: Vec<RawSeverity>,
    #[serde(default)]
    affected: Vec<RawAffected>,
    #[serde(default)]
    database_specific: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawSeverity {
    #[serde(rename = "type")]
    kind: String,
    score: String,
}

#[derive(Deserialize)]
struct RawAffected {
    package: Option<RawPackage>,
    #[serde(default)]
    ranges: Vec<RawRange>,
    #[serde(default)]
    versions: Vec<String>,
    #[serde(default)]
    severity: Vec<RawSeverity>,
    #[serde(default)]
    ecosystem_specific: Option<serde_json::Value>,
    #[serde(default)]
    database_specific: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawPackage {
    ecosystem: String,
    name: String,
}

#[derive(Deserialize)]
struct RawRange {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    events: Vec<BTreeMap<String, String>>,
}

/// An event of a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeEvent {
    /// The first affected version (`0`: every version before the next event).
    Introduced(String),
    /// The first version with the fix.
    Fixed(String),
    /// The last affected version.
    LastAffected(String),
}

/// What a record says of one package of one ecosystem.
#[derive(Debug, Clone, PartialEq)]
pub struct AffectedPackage {
    /// Ecosystem as the record names it.
    pub ecosystem: String,
    /// Package name (the source package, for Debian and Ubuntu; the origin, for Alpine).
    pub name: String,
    /// Each `ECOSYSTEM` range's events.
    pub ranges: Vec<Vec<RangeEvent>>,
    /// Versions listed one by one.
    pub versions: Vec<String>,
    /// Severity given for this package, when the record gives one here.
    pub severity: Option<(VulnSeverity, Option<f64>)>,
}

/// One OSV record, as much of it as matching and reporting need.
#[derive(Debug, Clone, PartialEq)]
pub struct Advisory {
    /// `id` (`DSA-5514-1`, `ALPINE-CVE-2023-4911`, …).
    pub id: String,
    /// `aliases` (the CVE ids).
    pub aliases: Vec<String>,
    /// `summary`.
    pub summary: String,
    /// `modified`, as written (RFC 3339).
    pub modified: String,
    /// Severity and CVSS score when a vector was read.
    pub severity: VulnSeverity,
    /// The CVSS base score behind `severity`, when a vector gave it.
    pub score: Option<f64>,
    /// Packages it concerns.
    pub affected: Vec<AffectedPackage>,
}

fn severity_of(list: &[RawSeverity]) -> Option<(VulnSeverity, Option<f64>)> {
    // The highest score of the CVSS 3 vectors given; a distribution's own word otherwise.
    let scored = list
        .iter()
        .filter(|s| s.kind.starts_with("CVSS_V3"))
        .filter_map(|s| cvss3_base_score(&s.score))
        .fold(None::<f64>, |best, s| Some(best.map_or(s, |b| b.max(s))));
    if let Some(score) = scored {
        return Some((VulnSeverity::from_score(score), Some(score)));
    }
    list.iter()
        .map(|s| VulnSeverity::from_word(&s.score))
        .find(|s| *s != VulnSeverity::Unknown)
        .map(|s| (s, None))
}

fn severity_in(value: &Option<serde_json::Value>, keys: &[&str]) -> Option<VulnSeverity> {
    let value = value.as_ref()?;
    keys.iter()
        .filter_map(|k| value.get(k).and_then(|v| v.as_str()))
        .map(VulnSeverity::from_word)
        .find(|s| *s != VulnSeverity::Unknown)
}

/// Reads the text of one OSV file: a record, or a JSON array of records. Withdrawn records
/// are left out. An error says what is wrong, with the line and column.
pub fn parse_records(text: &str) -> Result<Vec<Advisory>, String> {
    let text = text.trim_start_matches('\u{feff}');
    let raw: Vec<RawRecord> = if text.trim_start().starts_with('[') {
        serde_json::from_str(text)
    } else {
        serde_json::from_str::<RawRecord>(text).map(|r| vec![r])
    }
    .map_err(|e| {
        format!(
            "line {}, column {}: not an OSV record: {e}",
            e.line(),
            e.column()
        )
    })?;
    let mut out = Vec::with_capacity(raw.len());
    for record in raw {
        if record.withdrawn.is_some() {
            continue;
        }
        if record.id.trim().is_empty() {
            return Err("a record has an empty `id`".into());
        }
        let record_severity = severity_of(&record.severity).or_else(|| {
            severity_in(&record.database_specific, &["severity", "cvss_severity"])
                .map(|s| (s, None))
        });
        let mut affected = Vec::new();
        for a in record.affected {
            let Some(package) = a.package else { continue };
            let mut ranges = Vec::new();
            for range in a.ranges.iter().filter(|r| r.kind == "ECOSYSTEM") {
                let mut events = Vec::new();
                for event in &range.events {
                    for (kind, version) in event {
                        match kind.as_str() {
                            "introduced" => events.push(RangeEvent::Introduced(version.clone())),
                            "fixed" => events.push(RangeEvent::Fixed(version.clone())),
                            "last_affected" => {
                                events.push(RangeEvent::LastAffected(version.clone()))
                            }
                            // `limit` bounds a search in a repository; no meaning here.
                            "limit" => {}
                            other => {
                                return Err(format!(
                                    "{}: unknown range event `{other}`",
                                    record.id
                                ));
                            }
                        }
                    }
                }
                ranges.push(events);
            }
            let severity = severity_of(&a.severity).or_else(|| {
                severity_in(&a.ecosystem_specific, &["urgency", "severity"])
                    .or_else(|| severity_in(&a.database_specific, &["severity", "urgency"]))
                    .map(|s| (s, None))
            });
            affected.push(AffectedPackage {
                ecosystem: package.ecosystem,
                name: package.name,
                ranges,
                versions: a.versions,
                severity,
            });
        }
        let (severity, score) = record_severity.unwrap_or((VulnSeverity::Unknown, None));
        let mut aliases = record.aliases;
        for u in record.upstream {
            if !aliases.contains(&u) {
                aliases.push(u);
            }
        }
        out.push(Advisory {
            id: record.id,
            aliases,
            summary: record.summary.unwrap_or_default(),
            modified: record.modified.unwrap_or_default(),
            severity,
            score,
            affected,
        });
    }
    Ok(out)
}

/// Whether `version` is affected by a package entry, and the first fixed version above it
/// (`None` when no fix is known).
pub fn affected_by(
    entry: &AffectedPackage,
    version: &str,
    order: VersionOrder,
) -> Option<Option<String>> {
    let cmp = |a: &str, b: &str| order.compare(a, b);
    let mut hit: Option<Option<String>> = None;
    for events in &entry.ranges {
        // Introduced "0" is below every version; otherwise events in version order.
        let key = |e: &RangeEvent| -> (u8, String) {
            match e {
                RangeEvent::Introduced(v) if v == "0" => (0, String::new()),
                RangeEvent::Introduced(v) | RangeEvent::Fixed(v) | RangeEvent::LastAffected(v) => {
                    (1, v.clone())
                }
            }
        };
        let mut sorted: Vec<&RangeEvent> = events.iter().collect();
        sorted.sort_by(|a, b| {
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then_with(|| cmp(&ka.1, &kb.1))
        });
        let mut affected = false;
        let mut fixed_above: Option<String> = None;
        for event in &sorted {
            match event {
                RangeEvent::Introduced(v) if v == "0" || cmp(version, v) != Ordering::Less => {
                    affected = true;
                }
                RangeEvent::Fixed(v) if cmp(version, v) != Ordering::Less => affected = false,
                RangeEvent::LastAffected(v) if cmp(version, v) == Ordering::Greater => {
                    affected = false;
                }
                RangeEvent::Fixed(v) if affected && fixed_above.is_none() => {
                    fixed_above = Some(v.clone());
                }
                _ => {}
            }
        }
        if affected {
            match &hit {
                // A fix named by one range is worth more than none from another.
                Some(Some(_)) => {}
                _ => hit = Some(fixed_above),
            }
        }
    }
    if hit.is_none()
        && entry
            .versions
            .iter()
            .any(|v| cmp(v, version) == Ordering::Equal)
    {
        hit = Some(None);
    }
    hit
}

/// A package to match: name (source package or origin) and version as the database names
/// them, with what the report should show.
#[derive(Debug, Clone)]
pub struct PackageToMatch<'a> {
    /// The name advisories use (source package for Debian and Ubuntu, origin for Alpine).
    pub advisory_name: &'a str,
    /// The version advisories compare (the source version, where it differs).
    pub advisory_version: &'a str,
    /// The installed binary package, for the report.
    pub package: &'a str,
    /// Its installed version, for the report.
    pub installed: &'a str,
}

/// A vulnerability of an installed package.
#[derive(Debug, Clone, PartialEq)]
pub struct VulnMatch {
    /// Advisory id.
    pub id: String,
    /// Its aliases (CVE ids).
    pub aliases: Vec<String>,
    /// Binary package.
    pub package: String,
    /// Installed version.
    pub installed: String,
    /// First fixed version above it; `None`: no fix published.
    pub fixed: Option<String>,
    /// Severity.
    pub severity: VulnSeverity,
    /// CVSS base score, when a vector gave it.
    pub score: Option<f64>,
    /// One-line summary.
    pub summary: String,
}

/// Records indexed by ecosystem and package.
#[derive(Debug, Default)]
pub struct OsvIndex {
    advisories: Vec<Advisory>,
    /// (ecosystem key, package name) → (advisory, affected entry).
    by_package: HashMap<(String, String), Vec<(u32, u32)>>,
    /// Records per ecosystem key.
    per_ecosystem: BTreeMap<String, usize>,
    /// The newest `modified` of all records.
    newest: String,
}

impl OsvIndex {
    /// Indexes records.
    pub fn new(advisories: Vec<Advisory>) -> Self {
        let mut index = OsvIndex::default();
        for advisory in advisories {
            index.add(advisory);
        }
        index
    }

    /// Adds a record; a later record with the same id replaces nothing (both are kept, and
    /// matches are reported once per id).
    pub fn add(&mut self, advisory: Advisory) {
        let n = self.advisories.len() as u32;
        let mut seen = Vec::new();
        for (j, a) in advisory.affected.iter().enumerate() {
            let key = ecosystem_key(&a.ecosystem);
            if !seen.contains(&key) {
                *self.per_ecosystem.entry(key.clone()).or_default() += 1;
                seen.push(key.clone());
            }
            self.by_package
                .entry((key, a.name.clone()))
                .or_default()
                .push((n, j as u32));
        }
        if advisory.modified > self.newest {
            self.newest.clone_from(&advisory.modified);
        }
        self.advisories.push(advisory);
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.advisories.len()
    }

    /// Whether no record was read.
    pub fn is_empty(&self) -> bool {
        self.advisories.is_empty()
    }

    /// Records per ecosystem.
    pub fn ecosystems(&self) -> &BTreeMap<String, usize> {
        &self.per_ecosystem
    }

    /// The newest `modified` timestamp of the records (empty when none gives one).
    pub fn newest_modified(&self) -> &str {
        &self.newest
    }

    /// The vulnerabilities of packages of an ecosystem, sorted by package then advisory.
    pub fn matches(
        &self,
        ecosystem: &str,
        order: VersionOrder,
        packages: &[PackageToMatch],
    ) -> Vec<VulnMatch> {
        let key = ecosystem_key(ecosystem);
        let mut out = Vec::new();
        let mut lookup = (key, String::new());
        for p in packages {
            lookup.1.clear();
            lookup.1.push_str(p.advisory_name);
            let Some(entries) = self.by_package.get(&lookup) else {
                continue;
            };
            let mut ids: Vec<&str> = Vec::new();
            for &(a, j) in entries {
                let advisory = &self.advisories[a as usize];
                let entry = &advisory.affected[j as usize];
                let Some(fixed) = affected_by(entry, p.advisory_version, order) else {
                    continue;
                };
                if ids.contains(&advisory.id.as_str()) {
                    continue;
                }
                ids.push(&advisory.id);
                let (severity, score) = entry
                    .severity
                    .filter(|(s, _)| *s != VulnSeverity::Unknown)
                    .unwrap_or((advisory.severity, advisory.score));
                out.push(VulnMatch {
                    id: advisory.id.clone(),
                    aliases: advisory.aliases.clone(),
                    package: p.package.to_string(),
                    installed: p.installed.to_string(),
                    fixed,
                    severity,
                    score,
                    summary: advisory.summary.clone(),
                });
            }
        }
        out.sort_by(|a, b| a.package.cmp(&b.package).then_with(|| a.id.cmp(&b.id)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cvss3_scores_match_the_specification_examples() {
        // Scores as the FIRST calculator gives them for these vectors.
        let cases = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            ("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
        ];
        for (vector, score) in cases {
            assert_eq!(cvss3_base_score(vector), Some(score), "{vector}");
        }
        assert_eq!(cvss3_base_score("CVSS:3.1/AV:N"), None);
        assert_eq!(cvss3_base_score("AV:N/AC:L/Au:N/C:P/I:P/A:P"), None);
    }

    fn entry(ranges: Vec<Vec<RangeEvent>>) -> AffectedPackage {
        AffectedPackage {
            ecosystem: "Debian:12".into(),
            name: "p".into(),
            ranges,
            versions: vec![],
            severity: None,
        }
    }

    #[test]
    fn ranges_follow_introduced_fixed_and_last_affected() {
        use RangeEvent::*;
        let e = entry(vec![vec![
            Introduced("0".into()),
            Fixed("1.2-3".into()),
            Introduced("2.0-1".into()),
            LastAffected("2.1-1".into()),
        ]]);
        let d = VersionOrder::Dpkg;
        assert_eq!(affected_by(&e, "1.2-2", d), Some(Some("1.2-3".into())));
        assert_eq!(affected_by(&e, "1.2-3", d), None);
        assert_eq!(affected_by(&e, "1.9", d), None);
        assert_eq!(affected_by(&e, "2.0-1", d), Some(None));
        assert_eq!(affected_by(&e, "2.1-1", d), Some(None));
        assert_eq!(affected_by(&e, "2.1-2", d), None);
        // A tilde version sorts before its release: still affected.
        assert_eq!(affected_by(&e, "1.2-3~bpo1", d), Some(Some("1.2-3".into())));
    }

    #[test]
    fn ecosystems_of_releases() {
        assert_eq!(
            ecosystem_of("debian", "12").map(|e| e.0),
            Some("Debian:12".into())
        );
        assert_eq!(
            ecosystem_of("alpine", "3.19.1").map(|e| e.0),
            Some("Alpine:v3.19".into())
        );
        assert_eq!(ecosystem_key("Ubuntu:22.04:LTS"), "Ubuntu:22.04");
        assert_eq!(
            ecosystem_key("Ubuntu:Pro:18.04:LTS"),
            "Ubuntu:Pro:18.04:LTS"
        );
        assert_eq!(ecosystem_of("debian", ""), None);
        assert_eq!(ecosystem_of("fedora", "39"), None);
    }
}

//! Vulnerability scanners' reports as evidence: Trivy's JSON (`trivy image --format json`,
//! schema version 2) and Grype's (`grype -o json`). Each image they scanned becomes a result
//! of CIS 4.4 (DH066), judged exactly as drydock judges its own matches: the threshold, the age
//! of the data (Grype's database build date, else the scan's date; Trivy's scan date, since its
//! report names no database date) and what could not be read.

use drydock_model::facts::{ArchivedImage, Facts, ImageVulnFacts, VulnDbFacts, VulnFacts};
use drydock_model::model::{ObjectRef, Target};
use drydock_model::report::ResultEntry;
use drydock_rules::rule::{Context, Rule, RuleOptions};
use serde_json::Value;

/// Which scanner wrote a report, when one did.
pub fn scanner_of(value: &Value) -> Option<&'static str> {
    if value.get("SchemaVersion").is_some() && value.get("ArtifactName").is_some() {
        Some("Trivy")
    } else if value.get("matches").is_some()
        && value
            .pointer("/descriptor/name")
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case("grype"))
    {
        Some("Grype")
    } else {
        None
    }
}

fn text(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// One scanned image: its object, its findings, when the data was current, and the entries
/// that could not be read.
struct Scanned {
    object: ObjectRef,
    findings: ImageVulnFacts,
    packages: usize,
    data_date: Option<String>,
    problems: Vec<String>,
}

fn trivy(path: &str, v: &Value) -> Result<Scanned, String> {
    let name = text(v, "/ArtifactName");
    let id = text(v, "/Metadata/ImageID");
    let results = v
        .get("Results")
        .map(|r| {
            r.as_array()
                .ok_or(format!("{path}: `Results` is not a list"))
        })
        .transpose()?
        .cloned()
        .unwrap_or_default();
    let mut findings = Vec::new();
    let mut problems = Vec::new();
    let mut packages = 0;
    for (i, result) in results.iter().enumerate() {
        packages += result
            .get("Packages")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let Some(list) = result.get("Vulnerabilities") else {
            continue;
        };
        let Some(list) = list.as_array() else {
            problems.push(format!(
                "{path}: Results[{i}].Vulnerabilities is not a list"
            ));
            continue;
        };
        for (j, vuln) in list.iter().enumerate() {
            let (id, package, installed) = (
                text(vuln, "/VulnerabilityID"),
                text(vuln, "/PkgName"),
                text(vuln, "/InstalledVersion"),
            );
            if id.is_empty() || package.is_empty() {
                problems.push(format!(
                    "{path}: Results[{i}].Vulnerabilities[{j}] has no VulnerabilityID or PkgName"
                ));
                continue;
            }
            let fixed = text(vuln, "/FixedVersion");
            findings.push(VulnFacts {
                id,
                aliases: Vec::new(),
                package,
                installed,
                fixed: (!fixed.trim().is_empty()).then_some(fixed),
                severity: drydock_parse::osv::VulnSeverity::from_word(&text(vuln, "/Severity"))
                    .name()
                    .to_string(),
                score: None,
                summary: text(vuln, "/Title"),
            });
        }
    }
    let os = format!(
        "{} {}",
        text(v, "/Metadata/OS/Family"),
        text(v, "/Metadata/OS/Name")
    );
    Ok(Scanned {
        object: ObjectRef {
            kind: Target::Image,
            id: if id.is_empty() { name.clone() } else { id },
            name,
        },
        findings: ImageVulnFacts {
            ecosystem: Some(os.trim().to_string()).filter(|s| !s.is_empty()),
            unmatched: String::new(),
            findings,
        },
        packages,
        data_date: Some(text(v, "/CreatedAt")).filter(|d| d.len() >= 10),
        problems,
    })
}

fn grype(path: &str, v: &Value) -> Result<Scanned, String> {
    let matches = v
        .get("matches")
        .and_then(Value::as_array)
        .ok_or(format!("{path}: `matches` is not a list"))?;
    let mut findings = Vec::new();
    let mut problems = Vec::new();
    for (i, m) in matches.iter().enumerate() {
        let (id, package, installed) = (
            text(m, "/vulnerability/id"),
            text(m, "/artifact/name"),
            text(m, "/artifact/version"),
        );
        if id.is_empty() || package.is_empty() {
            problems.push(format!(
                "{path}: matches[{i}] has no vulnerability id or artifact name"
            ));
            continue;
        }
        let fixed: Vec<String> = m
            .pointer("/vulnerability/fix/versions")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let state = text(m, "/vulnerability/fix/state");
        findings.push(VulnFacts {
            aliases: m
                .get("relatedVulnerabilities")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|r| text(r, "/id"))
                        .filter(|r| !r.is_empty() && *r != id)
                        .collect()
                })
                .unwrap_or_default(),
            id,
            package,
            installed,
            fixed: (state == "fixed" && !fixed.is_empty()).then(|| fixed.join(", ")),
            severity: drydock_parse::osv::VulnSeverity::from_word(&text(
                m,
                "/vulnerability/severity",
            ))
            .name()
            .to_string(),
            score: None,
            summary: text(m, "/vulnerability/description"),
        });
    }
    let name = Some(text(v, "/source/target/userInput"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| text(v, "/source/target"));
    let id = text(v, "/source/target/imageID");
    // The database's build date says how current the data was; newer Grype nests it.
    let built = [
        "/descriptor/db/built",
        "/descriptor/db/status/built",
        "/descriptor/timestamp",
    ]
    .iter()
    .map(|p| text(v, p))
    .find(|d| d.len() >= 10);
    let os = format!("{} {}", text(v, "/distro/name"), text(v, "/distro/version"));
    Ok(Scanned {
        object: ObjectRef {
            kind: Target::Image,
            id: if id.is_empty() { name.clone() } else { id },
            name,
        },
        findings: ImageVulnFacts {
            ecosystem: Some(os.trim().to_string()).filter(|s| !s.is_empty()),
            unmatched: String::new(),
            findings,
        },
        packages: 0,
        data_date: built,
        problems,
    })
}

/// The DH066 result of a scanner's report, and the entries of it that could not be read
/// (which make the audit incomplete).
pub fn result_of(
    path: &str,
    scanner: &str,
    value: &Value,
    rules: &[&'static Rule],
    options: &RuleOptions,
    numbering: drydock_model::benchmark::DockerBenchmark,
) -> Result<(Option<ResultEntry>, Vec<String>, String), String> {
    let scanned = match scanner {
        "Trivy" => trivy(path, value)?,
        _ => grype(path, value)?,
    };
    let Some(rule) = rules.iter().find(|r| r.id == "DH066") else {
        return Ok((
            None,
            scanned.problems,
            format!("{path}: {scanner} report not used: rule DH066 (CIS 4.4) is not selected"),
        ));
    };
    let date = scanned.data_date.as_ref().map(|d| d[..10].to_string());
    let mut facts = Facts {
        schema_version: drydock_model::facts::FACTS_SCHEMA_VERSION,
        collector_version: String::new(),
        root: String::new(),
        host_audited: false,
        host: Default::default(),
        engine: drydock_model::facts::Probe::Unavailable {
            reason: "scanner evidence".into(),
        },
        project: Default::default(),
        kubernetes: None,
        vulnerability_db: None,
    };
    facts.vulnerability_db = Some(VulnDbFacts {
        path: format!("{scanner} report {path}"),
        records: 0,
        ecosystems: Default::default(),
        fetched: date.clone(),
        newest_record: None,
        problems: scanned.problems.clone(),
    });
    let image = ArchivedImage {
        name: scanned.object.name.clone(),
        packages: Vec::new(),
        vulnerabilities: Some(scanned.findings),
        ..Default::default()
    };
    let ctx = Context::new(&facts, options);
    let mut outcome =
        drydock_rules::rules::image_archive::vulnerabilities::verdict(&ctx, &image, scanned.object);
    // The verdict counts packages from drydock's own read; say the scanner's instead.
    if outcome.message.starts_with("no fixable") {
        outcome.message = format!(
            "{scanner}: no fixable known vulnerability at or above {}{}",
            options
                .vuln_threshold
                .unwrap_or(drydock_rules::rules::image_archive::vulnerabilities::DEFAULT_THRESHOLD)
                .name(),
            if scanned.packages > 0 {
                format!(" among {} packages", scanned.packages)
            } else {
                String::new()
            }
        );
    } else {
        outcome.message = format!("{scanner}: {}", outcome.message);
    }
    let note = format!(
        "{path}: {scanner} report taken as reported (data of {}); drydock did not re-match the packages",
        date.as_deref().unwrap_or("an unknown date")
    );
    Ok((
        Some(drydock_rules::evaluate::result_entry(
            rule, numbering, outcome, None,
        )),
        scanned.problems,
        note,
    ))
}

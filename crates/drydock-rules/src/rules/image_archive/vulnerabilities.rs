//! The verdict on an image's known vulnerabilities, shared by the archived-image rule (AR007)
//! and CIS 4.4 on local images (DH066).

use crate::rule::Context;
use drydock_model::facts::{ArchivedImage, VulnFacts};
use drydock_model::model::{Evidence, ObjectRef, Outcome, Severity};

/// Severity a fixable vulnerability must reach to fail an image, by default.
pub const DEFAULT_THRESHOLD: Severity = Severity::Medium;
/// Oldest data, in days, that can show an image clean, by default.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 7;
/// Evidence lines listed before "… and N more".
const LISTED: usize = 100;

/// The severity a finding counts as: unknown counts as the threshold itself (it may be
/// anything, so it cannot be let through).
fn counted(f: &VulnFacts, threshold: Severity) -> Severity {
    match f.severity.as_str() {
        "critical" => Severity::Critical,
        "high" => Severity::High,
        "medium" => Severity::Medium,
        "low" => Severity::Low,
        _ => threshold,
    }
}

/// Why no database or scanner evidence can show images clean, if so.
pub fn missing_data(ctx: &Context) -> Option<String> {
    let Some(db) = &ctx.facts.vulnerability_db else {
        return Some(
            "no vulnerability data: give --vuln-db DIR (`drydock vulndb update DIR` fetches it) or a scanner's JSON report as --evidence".into(),
        );
    };
    let max_age = ctx
        .options
        .vuln_max_age_days
        .unwrap_or(DEFAULT_MAX_AGE_DAYS);
    let (date, what) = match (&db.fetched, &db.newest_record) {
        (Some(d), _) => (d, "fetched"),
        (None, Some(d)) => (d, "newest record"),
        (None, None) => {
            return Some(format!(
                "the vulnerability database {} says neither when it was fetched nor when its records changed",
                db.path
            ));
        }
    };
    match drydock_model::dates::days_between(date, &ctx.options.today) {
        None => Some(format!(
            "the age of the vulnerability database {} is unknown ({what} {date})",
            db.path
        )),
        Some(age) if age > i64::from(max_age) => Some(format!(
            "the vulnerability database {} is {age} days old ({what} {date}); at most {max_age} days can show an image clean (--vuln-max-age)",
            db.path
        )),
        Some(_) if !db.problems.is_empty() => Some(format!(
            "{} part(s) of the vulnerability database could not be read: {}",
            db.problems.len(),
            db.problems.first().map(String::as_str).unwrap_or_default()
        )),
        Some(_) => None,
    }
}

/// The verdict on one image whose packages were read.
pub fn verdict(ctx: &Context, image: &ArchivedImage, object: ObjectRef) -> Outcome {
    let threshold = ctx.options.vuln_threshold.unwrap_or(DEFAULT_THRESHOLD);
    let Some(found) = &image.vulnerabilities else {
        return Outcome::unknown(
            object,
            missing_data(ctx)
                .unwrap_or_else(|| "the image was not matched against the database".into()),
        );
    };
    let fixable: Vec<(&VulnFacts, Severity)> = found
        .findings
        .iter()
        .filter(|f| f.fixed.is_some())
        .map(|f| (f, counted(f, threshold)))
        .filter(|(_, s)| *s >= threshold)
        .collect();
    let ecosystem = found.ecosystem.as_deref().unwrap_or("no ecosystem");
    if !fixable.is_empty() {
        let by_severity: Vec<String> = [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low,
        ]
        .iter()
        .filter_map(|s| {
            let n = fixable.iter().filter(|(_, c)| c == s).count();
            (n > 0).then(|| format!("{n} {}", s.name()))
        })
        .collect();
        let mut sorted = fixable.clone();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.package.cmp(&b.0.package)));
        let mut evidence: Vec<Evidence> = sorted
            .iter()
            .take(LISTED)
            .map(|(f, _)| {
                let cves: Vec<&str> = f
                    .aliases
                    .iter()
                    .filter(|a| a.starts_with("CVE-"))
                    .map(String::as_str)
                    .collect();
                let named = if cves.is_empty() {
                    f.id.clone()
                } else {
                    format!("{} ({})", f.id, cves.join(", "))
                };
                let score = f.score.map(|s| format!(" {s:.1}")).unwrap_or_default();
                Evidence::new(
                    format!("{} {}", f.package, f.installed),
                    format!("{named}: {}{score}", f.severity),
                )
                .expected(format!(
                    "{} or later",
                    f.fixed.as_deref().unwrap_or_default()
                ))
            })
            .collect();
        if sorted.len() > LISTED {
            evidence.push(Evidence::new(
                "more",
                format!("… and {} more", sorted.len() - LISTED),
            ));
        }
        return Outcome::fail(
            object,
            format!(
                "{} fixable known vulnerabilit{} at or above {} in {ecosystem} packages: {}",
                fixable.len(),
                if fixable.len() == 1 { "y" } else { "ies" },
                threshold.name(),
                by_severity.join(", ")
            ),
        )
        .with_all(evidence);
    }
    let not_clean = if !found.unmatched.is_empty() {
        Some(found.unmatched.clone())
    } else if !image.unread_layers.is_empty() {
        Some(format!(
            "{} layer(s) could not be read whole, so packages may be missing: {}",
            image.unread_layers.len(),
            image.unread_layers.join("; ")
        ))
    } else if !image.packages_unread.is_empty() {
        Some(image.packages_unread.join("; "))
    } else {
        missing_data(ctx)
    };
    let below = found.findings.len();
    let unfixed = found.findings.iter().filter(|f| f.fixed.is_none()).count();
    let context = Evidence::new(
        "known vulnerabilities",
        format!(
            "{below} in all: {unfixed} without a published fix, {} fixable below {}",
            below - unfixed,
            threshold.name()
        ),
    );
    match not_clean {
        Some(reason) => Outcome::unknown(object, reason).with(context),
        None => Outcome::pass(
            object,
            format!(
                "no fixable known vulnerability at or above {} among {} {ecosystem} packages",
                threshold.name(),
                image.packages.len()
            ),
        )
        .with(context),
    }
}

//! Inputs the pipeline reads besides the collected facts: a facts file, a saved report,
//! peers' evidence and standard input, each bounded and each refused by name when it is not
//! what it claims to be.

use anyhow::{Context as _, Result, bail};
use drydock_model::facts::{FACTS_SCHEMA_VERSION, Facts};
use drydock_model::report::Report;
use std::io::Read;
use std::path::Path;

/// Largest evidence file read (a kube-bench run of a large cluster is a few MiB).
pub const MAX_EVIDENCE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads UTF-8 text, refusing more than `limit` bytes: memory stays bounded whatever is piped.
pub fn read_bounded(input: &mut dyn Read, limit: u64, what: &str) -> Result<String> {
    let mut bytes = Vec::new();
    input
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {what}"))?;
    if bytes.len() as u64 > limit {
        bail!(
            "{what} holds more than {} MiB; drydock reads at most that much",
            limit >> 20
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{what} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reads a facts file written by `drydock collect`.
pub fn read_facts(path: &Path) -> Result<Facts> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version != Some(u64::from(FACTS_SCHEMA_VERSION)) {
        bail!(
            "{} is not a drydock facts file of format {FACTS_SCHEMA_VERSION} (schema_version is {})",
            path.display(),
            version.map_or_else(|| "missing".to_string(), |v| v.to_string())
        );
    }
    serde_json::from_value(value)
        .with_context(|| format!("{} does not have the shape of a facts file", path.display()))
}

/// Reads a JSON report written by `drydock audit --format json`, its secrets masked again.
pub fn read_report(path: &Path) -> Result<Report> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read report {}", path.display()))?;
    let mut report: Report = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: not a drydock JSON report (drydock audit --format json): {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    report.redact_secrets();
    Ok(report)
}

//! Reporters: pure functions from a [`drydock_model::report::Report`] (or the rule catalog) to text.

pub mod catalog;
pub mod cyclonedx;
pub mod diff;
pub mod fleet;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod svg;
pub mod system;
pub mod text;
pub mod threats;

/// Sort key of a dotted control id (`1.1.10` after `1.1.9`).
pub fn control_sort_key(id: &str) -> Vec<u32> {
    id.split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

/// A remediation's first paragraph on one line: its hard line breaks joined, so that a line
/// of output never stops mid-sentence.
pub fn first_paragraph(remediation: &str) -> String {
    remediation
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

//! What became of each waiver of `drydock.toml` in one report.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What became of a waiver in one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct WaiverUse {
    /// The rule as written in the waiver.
    pub rule: String,
    /// Where it applies, in words (`container web-*`, `everywhere`).
    pub scope: String,
    /// Why it was written.
    pub reason: String,
    /// Its last day.
    pub expires: String,
    /// `file:line` of the waiver.
    pub source: String,
    /// Active (it covered findings), expired (past its last day: not applied), or unmatched
    /// (active but covering no finding).
    pub state: WaiverState,
    /// Findings it set aside (expired: the findings it would have covered).
    pub findings: usize,
}

/// The state of a waiver in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaiverState {
    /// It set findings aside.
    Active,
    /// Its day has passed: the findings it named count again.
    Expired,
    /// It covers no finding of this audit.
    Unmatched,
}

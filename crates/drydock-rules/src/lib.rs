//! The rule catalog and its evaluation. One rule per file under `rules/`, declared with
//! [`declare_rule!`] (documentation, metadata and logic together), its fixer beside it; each
//! rule is a pure function of the facts. [`evaluate::evaluate`] runs a selection of rules into
//! a report.

pub mod eol;
pub mod evaluate;
pub mod fix;
pub mod project;
pub mod rule;
pub mod rules;

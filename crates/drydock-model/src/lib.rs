//! drydock's data, shared by every stage: the facts the collectors produce, the objects and
//! outcomes the rules speak of, the report (results, its threat-model part, waivers) and what
//! is computed from reports alone (diffs, exit codes), the benchmarks' id tables and secret
//! masking. No I/O and no rules: every other crate reads these types, this crate reads none of
//! theirs.

pub mod benchmark;
pub mod dates;
pub mod diff;
pub mod facts;
pub mod fleet;
pub mod intern;
pub mod model;
pub mod report;
pub mod secrets;
pub mod threat_report;
pub mod topology;
pub mod waiver;

//! Hardening a running container: the `docker run` flags and compose keys that fix a runtime
//! finding, and — for the four settings the Engine can change in place — the `docker update`
//! that applies it.
//!
//! The table lives here rather than in each rule's file because it is about the Engine's
//! update endpoint, which only these few settings share.

use drydock_model::model::{Status, Target};
use drydock_model::report::ResultEntry;
use serde::{Deserialize, Serialize};

/// A setting `docker update` changes on a running container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum InPlace {
    /// `--memory`.
    Memory,
    /// `--cpu-shares`.
    CpuShares,
    /// `--pids-limit`.
    PidsLimit,
    /// `--restart on-failure:5`.
    RestartOnFailure,
}

/// How to harden one container for one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerAdvice {
    /// Container id.
    pub id: String,
    /// Container name.
    pub name: String,
    /// Rule id.
    pub rule_id: String,
    /// The finding's message.
    pub message: String,
    /// What to give `docker run` (or take away).
    pub run_flag: &'static str,
    /// The compose key.
    pub compose_key: &'static str,
    /// Set when `docker update` can apply it in place.
    pub in_place: Option<InPlace>,
}

/// Rule → (run flag, compose key, in place).
const TABLE: &[(&str, &str, &str, Option<InPlace>)] = &[
    (
        "DH085",
        "--memory <size>",
        "mem_limit: <size>",
        Some(InPlace::Memory),
    ),
    (
        "DH086",
        "--cpu-shares <weight>",
        "cpu_shares: <weight>",
        Some(InPlace::CpuShares),
    ),
    (
        "DH089",
        "--restart on-failure:5",
        "restart: on-failure:5",
        Some(InPlace::RestartOnFailure),
    ),
    (
        "DH103",
        "--pids-limit <n>",
        "pids_limit: <n>",
        Some(InPlace::PidsLimit),
    ),
    ("DH079", "no --privileged", "privileged: false", None),
    ("DH087", "--read-only", "read_only: true", None),
    (
        "DH100",
        "--security-opt no-new-privileges:true",
        "security_opt: [no-new-privileges:true]",
        None,
    ),
    (
        "DH078",
        "--cap-drop ALL (and --cap-add what it needs)",
        "cap_drop: [ALL]",
        None,
    ),
    ("DH084", "no --network host", "network_mode: bridge", None),
    (
        "DH106",
        "no -v /var/run/docker.sock",
        "no docker.sock volume",
        None,
    ),
];

/// Advice for every failing runtime finding of a report that the table knows.
pub fn advice(results: &[ResultEntry]) -> Vec<ContainerAdvice> {
    results
        .iter()
        .filter(|r| r.status == Status::Fail && r.object.kind == Target::Container)
        // `*` stands for every container (a host-wide count, not one container).
        .filter(|r| r.object.id != "*")
        .filter_map(|r| {
            let (_, run_flag, compose_key, in_place) =
                TABLE.iter().find(|(id, ..)| *id == r.rule.rule_id)?;
            Some(ContainerAdvice {
                id: r.object.id.clone(),
                name: r.object.name.clone(),
                rule_id: r.rule.rule_id.to_string(),
                message: r.message.to_string(),
                run_flag,
                compose_key,
                in_place: *in_place,
            })
        })
        .collect()
}

/// `64m`, `1g`, `512k`, `1048576` (bytes) as bytes, as `docker run --memory` reads them.
pub fn parse_size(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.strip_suffix('b').unwrap_or(&t);
    let (number, unit) = match t.chars().last()? {
        'k' => (&t[..t.len() - 1], 1i64 << 10),
        'm' => (&t[..t.len() - 1], 1 << 20),
        'g' => (&t[..t.len() - 1], 1 << 30),
        c if c.is_ascii_digit() => (t, 1),
        _ => return None,
    };
    let n: i64 = number.parse().ok()?;
    (n > 0).then(|| n.checked_mul(unit)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_docker_run() {
        assert_eq!(parse_size("64m"), Some(64 << 20));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        assert_eq!(parse_size("512kb"), Some(512 << 10));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("0m"), None);
        assert_eq!(parse_size("lots"), None);
    }

    #[test]
    fn every_rule_of_the_table_exists_and_judges_containers() {
        for (id, ..) in TABLE {
            let rule = drydock_rules::rules::find(id).unwrap();
            assert_eq!(rule.target, Target::Container, "{id}");
        }
    }
}

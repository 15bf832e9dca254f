use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use std::collections::BTreeSet;

/// The capabilities Docker grants a container by default.
pub const DEFAULT_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "NET_RAW",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Normalises a capability name (`cap_sys_admin` → `SYS_ADMIN`).
pub fn normalise(cap: &str) -> String {
    let upper = cap.trim().to_ascii_uppercase();
    upper
        .strip_prefix("CAP_")
        .map(str::to_string)
        .unwrap_or(upper)
}

/// The capabilities a container ends up with, from the defaults, drops and adds.
/// `None` stands for every capability (`ALL` added, or privileged).
pub fn effective(privileged: bool, add: &[String], drop: &[String]) -> Option<BTreeSet<String>> {
    let add: Vec<String> = add.iter().map(|c| normalise(c)).collect();
    let drop: Vec<String> = drop.iter().map(|c| normalise(c)).collect();
    if privileged || add.iter().any(|c| c == "ALL") {
        return None;
    }
    let mut caps: BTreeSet<String> = if drop.iter().any(|c| c == "ALL") {
        BTreeSet::new()
    } else {
        DEFAULT_CAPABILITIES
            .iter()
            .map(|c| c.to_string())
            .filter(|c| !drop.contains(c))
            .collect()
    };
    caps.extend(add);
    Some(caps)
}

declare_rule! {
    /// ## What it checks
    /// The capabilities each container ends up with — the defaults, minus `CapDrop` (where
    /// `ALL` drops every one), plus `CapAdd` — and fails when that set holds any capability
    /// beyond Docker's defaults (or all of them: `--cap-add ALL`, `--privileged`). The result
    /// lists what is kept, so `NET_RAW` and other defaults worth dropping are visible.
    ///
    /// ## Why it matters
    /// Added capabilities such as `SYS_ADMIN`, `NET_ADMIN` or `SYS_PTRACE` hand the container
    /// kernel powers that lead straight to the host.
    ///
    /// ## Remediation
    /// Start from `--cap-drop ALL` and add back only what the process needs.
    pub static RULE = {
        id: "DH078",
        name: "container-extra-capabilities",
        cis: ["5.4"],
        target: Container,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let raw = Evidence::new(
            "CapAdd / CapDrop",
            format!(
                "add [{}] drop [{}]",
                c.cap_add.join(", "),
                c.cap_drop.join(", ")
            ),
        );
        match effective(c.privileged, &c.cap_add, &c.cap_drop) {
            None => Outcome::fail(object, "has every capability")
                .with(raw)
                .with(Evidence::new("capabilities", "ALL").expected("Docker's defaults or fewer")),
            Some(caps) => {
                let extra: Vec<&String> = caps
                    .iter()
                    .filter(|c| !DEFAULT_CAPABILITIES.contains(&c.as_str()))
                    .collect();
                let kept = Evidence::new(
                    "capabilities",
                    if caps.is_empty() {
                        "none".into()
                    } else {
                        caps.iter().cloned().collect::<Vec<_>>().join(", ")
                    },
                );
                if extra.is_empty() {
                    Outcome::pass(object, "no capability beyond Docker's defaults")
                        .with(raw)
                        .with(kept)
                } else {
                    Outcome::fail(
                        object,
                        format!(
                            "added capabilities: {}",
                            extra
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .with(raw)
                    .with(kept.expected("Docker's defaults or fewer"))
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_are_honoured_and_all_is_special() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let caps = effective(false, &s(&["NET_BIND_SERVICE"]), &s(&["ALL"])).unwrap();
        assert_eq!(
            caps.into_iter().collect::<Vec<_>>(),
            vec!["NET_BIND_SERVICE"]
        );
        assert!(effective(false, &s(&["all"]), &s(&[])).is_none());
        assert!(effective(true, &s(&[]), &s(&["ALL"])).is_none());
        let caps = effective(false, &s(&["cap_sys_admin"]), &s(&[])).unwrap();
        assert!(caps.contains("SYS_ADMIN"));
        let caps = effective(false, &s(&[]), &s(&["NET_RAW"])).unwrap();
        assert!(!caps.contains("NET_RAW"));
    }
}

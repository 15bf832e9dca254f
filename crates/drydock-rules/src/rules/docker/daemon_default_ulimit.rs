use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Whether default ulimits are set for containers (`--default-ulimit`, `default-ulimits`).
    /// Which limits suit the workloads is a person's call, so the values found are reported.
    ///
    /// ## Why it matters
    /// Without limits a container inherits the daemon's, which are high: one container can
    /// exhaust file descriptors or processes for the whole host.
    ///
    /// ## Remediation
    /// Set defaults such as `"default-ulimits": {"nofile": {"Name": "nofile", "Soft": 20000, "Hard": 40000}}`.
    pub static RULE = {
        id: "DH028",
        name: "daemon-default-ulimit-unset",
        cis: ["2.8"],
        target: Daemon,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let lookup = ctx.daemon.lookup("default-ulimits");
    match lookup.as_list() {
        Ok(list) if list.is_empty() => vec![
            Outcome::manual(
                ObjectRef::daemon(),
                "no default ulimits are set; decide whether containers need them",
            )
            .with(setting_evidence(
                "default-ulimits",
                &lookup,
                "none",
                "limits chosen for the workloads",
            )),
        ],
        Ok(list) => vec![
            Outcome::manual(
                ObjectRef::daemon(),
                "default ulimits are set; confirm they fit the workloads",
            )
            .with(setting_evidence(
                "default-ulimits",
                &lookup,
                &list.join(", "),
                "limits chosen for the workloads",
            )),
        ],
        Err(reason) => vec![Outcome::unknown(
            ObjectRef::daemon(),
            format!("default-ulimits cannot be determined: {reason}"),
        )],
    }
}

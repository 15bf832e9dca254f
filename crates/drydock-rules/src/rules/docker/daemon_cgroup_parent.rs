use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Whether the daemon's default cgroup parent is changed (`--cgroup-parent` or
    /// `cgroup-parent` in daemon.json). Unset passes; a custom parent is reported for a person
    /// to confirm.
    ///
    /// ## Why it matters
    /// The cgroup parent decides which resource limits apply above every container; a wrong
    /// parent can lift the host's limits off all of them.
    ///
    /// ## Remediation
    /// Leave it unset unless the parent group is deliberately sized for the containers.
    pub static RULE = {
        id: "DH030",
        name: "daemon-cgroup-parent-changed",
        cis: ["2.10"],
        target: Daemon,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let lookup = ctx.daemon.lookup("cgroup-parent");
    match lookup.as_string() {
        Ok(None) => vec![
            Outcome::pass(ObjectRef::daemon(), "the default cgroup parent is used")
                .with(setting_evidence("cgroup-parent", &lookup, "unset", "unset")),
        ],
        Ok(Some(v)) => vec![
            Outcome::manual(
                ObjectRef::daemon(),
                format!("containers run under cgroup parent {v}; confirm it is intended"),
            )
            .with(setting_evidence("cgroup-parent", &lookup, &v, "unset")),
        ],
        Err(reason) => vec![Outcome::unknown(
            ObjectRef::daemon(),
            format!("cgroup-parent cannot be determined: {reason}"),
        )],
    }
}

use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `security_opt` with `seccomp=unconfined` (or `seccomp:unconfined`).
    ///
    /// ## Why it matters
    /// Seccomp blocks the system calls most kernel exploits need.
    ///
    /// ## Remediation
    /// Remove the option; allow a missing call in a custom profile instead.
    pub static RULE = {
        id: "CO005",
        name: "compose-seccomp-unconfined",
        title: "Seccomp is turned off",
        cis: ["5.22"],
        target: ComposeService,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        security_opt_findings(c, s, "seccomp", "unconfined", "seccomp is unconfined")
    })
}

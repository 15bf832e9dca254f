use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `security_opt` with `apparmor=unconfined` (or `apparmor:unconfined`).
    ///
    /// ## Why it matters
    /// The AppArmor profile limits file, mount and network access; unconfined removes it.
    ///
    /// ## Remediation
    /// Remove the option, or name a profile (`apparmor=<profile>`).
    pub static RULE = {
        id: "CO004",
        name: "compose-apparmor-unconfined",
        title: "AppArmor is turned off",
        cis: ["5.2"],
        target: ComposeService,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        security_opt_findings(c, s, "apparmor", "unconfined", "AppArmor is unconfined")
    })
}

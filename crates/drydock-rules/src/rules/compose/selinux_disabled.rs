use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `security_opt` with `label=disable` (or `label:disable`).
    ///
    /// ## Why it matters
    /// SELinux labels keep the container's processes away from host files even after an escape.
    ///
    /// ## Remediation
    /// Remove the option; use `label=type:…` for a specific type.
    pub static RULE = {
        id: "CO007",
        name: "compose-selinux-disabled",
        title: "SELinux labelling is turned off",
        cis: ["5.3"],
        target: ComposeService,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        security_opt_findings(c, s, "label", "disable", "SELinux labelling is disabled")
    })
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's effective authorization mode is not `AlwaysAllow` (the default without a
    /// configuration file; `Webhook` with one).
    ///
    /// ## Why it matters
    /// With `AlwaysAllow` anyone who can authenticate to the kubelet may exec into every pod on the
    /// node.
    ///
    /// ## Remediation
    /// Set `authorization.mode: Webhook` in the kubelet's configuration file.
    pub static RULE = {
        id: "KN084",
        name: "kubelet-authorization-mode",
        cis: [],
        kube_cis: ["4.2.2"],
        target: KubeComponent,
        severity: Critical,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    kubelet_judge(ctx, "authorization-mode", "not AlwaysAllow", |v| {
        v.is_some_and(|m| m != "AlwaysAllow")
    })
}

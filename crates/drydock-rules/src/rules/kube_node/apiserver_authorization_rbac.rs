use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the API server's authorizers include `RBAC`.
    ///
    /// ## Why it matters
    /// Without RBAC there is no fine-grained, reviewable grant of rights to users and service
    /// accounts.
    ///
    /// ## Remediation
    /// Add `RBAC` to `--authorization-mode` (or the authorization configuration file).
    pub static RULE = {
        id: "KN029",
        name: "apiserver-authorization-rbac",
        cis: [],
        kube_cis: ["1.2.8"],
        target: KubeComponent,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    authorization_mode(ctx, "RBAC", true)
}

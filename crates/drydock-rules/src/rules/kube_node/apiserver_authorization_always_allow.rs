use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the API server's authorizers do not include `AlwaysAllow`: the `type`s of
    /// `--authorization-config` when given, else `--authorization-mode`, whose default is
    /// `AlwaysAllow`.
    ///
    /// ## Why it matters
    /// `AlwaysAllow` grants every authenticated request everything.
    ///
    /// ## Remediation
    /// Set `--authorization-mode=Node,RBAC` (or list those authorizers in the authorization
    /// configuration file).
    pub static RULE = {
        id: "KN027",
        name: "apiserver-authorization-always-allow",
        cis: [],
        kube_cis: ["1.2.6"],
        target: KubeComponent,
        severity: Critical,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    authorization_mode(ctx, "AlwaysAllow", false)
}

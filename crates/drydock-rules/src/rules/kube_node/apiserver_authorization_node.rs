use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the API server's authorizers include `Node`.
    ///
    /// ## Why it matters
    /// The Node authorizer limits each kubelet to the objects of its own pods; without it a
    /// compromised node reads every Secret.
    ///
    /// ## Remediation
    /// Add `Node` to `--authorization-mode` (or the authorization configuration file).
    pub static RULE = {
        id: "KN028",
        name: "apiserver-authorization-node",
        cis: [],
        kube_cis: ["1.2.7"],
        target: KubeComponent,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    authorization_mode(ctx, "Node", true)
}

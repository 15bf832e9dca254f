use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the `NodeRestriction` admission plugin runs (off by default).
    ///
    /// ## Why it matters
    /// It limits each kubelet to changing its own Node and the pods bound to it; without it a node
    /// can relabel itself to attract sensitive workloads.
    ///
    /// ## Remediation
    /// Add `NodeRestriction` to `--enable-admission-plugins` (together with the `Node` authorizer).
    pub static RULE = {
        id: "KN035",
        name: "apiserver-node-restriction",
        cis: [],
        kube_cis: ["1.2.14"],
        target: KubeComponent,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    admission_plugin(ctx, "NodeRestriction", true)
}

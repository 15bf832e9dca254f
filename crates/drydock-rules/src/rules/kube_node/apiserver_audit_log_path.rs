use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server writes an audit log (`--audit-log-path`).
    ///
    /// ## Why it matters
    /// Without an audit log nobody can tell who did what to the cluster.
    ///
    /// ## Remediation
    /// Set `--audit-log-path` to a file on a persistent volume (with `--audit-policy-file`).
    pub static RULE = {
        id: "KN037",
        name: "apiserver-audit-log-path",
        cis: [],
        kube_cis: ["1.2.16"],
        target: KubeComponent,
        severity: Medium,
        stride: [Repudiation],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, APISERVER, &["audit-log-path"])
}

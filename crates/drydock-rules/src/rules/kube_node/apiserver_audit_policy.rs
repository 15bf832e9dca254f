use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server has an audit policy (`--audit-policy-file`).
    ///
    /// ## Why it matters
    /// Without a policy nothing is audited, whatever the log settings.
    ///
    /// ## Remediation
    /// Write an audit Policy and pass it with `--audit-policy-file`.
    pub static RULE = {
        id: "KN071",
        name: "apiserver-audit-policy",
        cis: [],
        kube_cis: ["3.2.1"],
        target: KubeComponent,
        severity: Medium,
        stride: [Repudiation],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, APISERVER, &["audit-policy-file"])
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet rotates its client certificate (`rotateCertificates: true`; the default is
    /// `false`).
    ///
    /// ## Why it matters
    /// An unrotated client certificate expires and stops the node, or is kept long after a
    /// compromise.
    ///
    /// ## Remediation
    /// Set `rotateCertificates: true`.
    pub static RULE = {
        id: "KN092",
        name: "kubelet-rotate-certificates",
        cis: [],
        kube_cis: ["4.2.10"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    kubelet_judge(ctx, "rotate-certificates", "true", |v| v == Some("true"))
}

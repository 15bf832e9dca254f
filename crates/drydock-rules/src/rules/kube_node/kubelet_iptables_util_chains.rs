use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet manages its iptables chains (`makeIPTablesUtilChains: true`, the default).
    ///
    /// ## Why it matters
    /// The chains keep pod networking rules consistent with the kubelet's view.
    ///
    /// ## Remediation
    /// Set `makeIPTablesUtilChains: true`.
    pub static RULE = {
        id: "KN088",
        name: "kubelet-iptables-util-chains",
        cis: [],
        kube_cis: ["4.2.6"],
        target: KubeComponent,
        severity: Low,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    kubelet_judge(ctx, "make-iptables-util-chains", "true", |v| {
        v == Some("true")
    })
}

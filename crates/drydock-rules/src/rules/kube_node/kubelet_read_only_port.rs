use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's unauthenticated read-only port is off (`readOnlyPort: 0`). The default is
    /// `10255` without a configuration file and `0` with one.
    ///
    /// ## Why it matters
    /// The read-only port answers anyone with pod specs, environment variables included, and node
    /// metrics.
    ///
    /// ## Remediation
    /// Set `readOnlyPort: 0` (or `--read-only-port=0`).
    pub static RULE = {
        id: "KN086",
        name: "kubelet-read-only-port",
        cis: [],
        kube_cis: ["4.2.4"],
        target: KubeComponent,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    kubelet_judge(ctx, "read-only-port", "0", |v| {
        v.is_some_and(|p| p.trim() == "0")
    })
}

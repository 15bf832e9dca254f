use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet limits the processes of each pod (`podPidsLimit` above 0; the default -1
    /// means no limit).
    ///
    /// ## Why it matters
    /// One pod's fork bomb can otherwise exhaust the node's process table and take every pod with
    /// it.
    ///
    /// ## Remediation
    /// Set `podPidsLimit` (e.g. `4096`).
    pub static RULE = {
        id: "KN095",
        name: "kubelet-pod-pids-limit",
        cis: [],
        kube_cis: ["4.2.13"],
        target: KubeComponent,
        severity: Medium,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    kubelet_judge(ctx, "pod-max-pids", "a positive number", |v| {
        v.and_then(|n| n.trim().parse::<i64>().ok())
            .is_some_and(|n| n > 0)
    })
}

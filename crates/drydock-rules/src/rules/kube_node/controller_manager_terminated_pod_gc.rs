use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// Shows the controller manager's `--terminated-pod-gc-threshold` (default 12500) for a person
    /// to judge.
    ///
    /// ## Why it matters
    /// Terminated pods that are never collected fill etcd and slow the API server.
    ///
    /// ## Remediation
    /// Set `--terminated-pod-gc-threshold` to a number that suits the cluster's size.
    pub static RULE = {
        id: "KN052",
        name: "controller-manager-terminated-pod-gc",
        cis: [],
        kube_cis: ["1.3.1"],
        target: KubeComponent,
        severity: Info,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flag_for_review(
        ctx,
        CONTROLLER_MANAGER,
        "terminated-pod-gc-threshold",
        "12500",
        "confirm it suits the cluster",
    )
}

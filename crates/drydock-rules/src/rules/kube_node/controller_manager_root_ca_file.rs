use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the controller manager gives pods the cluster's CA (`--root-ca-file`).
    ///
    /// ## Why it matters
    /// Pods need it to verify the API server's certificate instead of trusting whatever answers.
    ///
    /// ## Remediation
    /// Set `--root-ca-file` to the cluster CA certificate.
    pub static RULE = {
        id: "KN056",
        name: "controller-manager-root-ca-file",
        cis: [],
        kube_cis: ["1.3.5"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, CONTROLLER_MANAGER, &["root-ca-file"])
}

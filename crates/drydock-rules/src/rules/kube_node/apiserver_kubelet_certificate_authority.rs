use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server verifies kubelets' serving certificates (`--kubelet-certificate-
    /// authority`).
    ///
    /// ## Why it matters
    /// Without it, logs, exec and port-forward traffic can be intercepted by anyone who can pose as
    /// a node.
    ///
    /// ## Remediation
    /// Set `--kubelet-certificate-authority` to the CA that signs the kubelets' serving
    /// certificates.
    pub static RULE = {
        id: "KN026",
        name: "apiserver-kubelet-certificate-authority",
        cis: [],
        kube_cis: ["1.2.5"],
        target: KubeComponent,
        severity: High,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, APISERVER, &["kubelet-certificate-authority"])
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server presents a client certificate to kubelets (`--kubelet-client-
    /// certificate` and `--kubelet-client-key`).
    ///
    /// ## Why it matters
    /// Without it the API server cannot authenticate to kubelets, which then have to accept
    /// unauthenticated requests.
    ///
    /// ## Remediation
    /// Set `--kubelet-client-certificate` and `--kubelet-client-key` to a certificate the kubelets
    /// trust.
    pub static RULE = {
        id: "KN025",
        name: "apiserver-kubelet-client-certificate",
        cis: [],
        kube_cis: ["1.2.4"],
        target: KubeComponent,
        severity: High,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(
        ctx,
        APISERVER,
        &["kubelet-client-certificate", "kubelet-client-key"],
    )
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's kubeconfig (`--kubeconfig`) is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Another owner can change it without root.
    ///
    /// ## Remediation
    /// `chown root:root /etc/kubernetes/kubelet.conf`
    pub static RULE = {
        id: "KN078",
        name: "kubelet-kubeconfig-owner",
        cis: [],
        kube_cis: ["4.1.6"],
        target: File,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    files_owner(
        ctx,
        kubelet_kubeconfig_files(ctx),
        "the kubelet's kubeconfig (`--kubeconfig`)",
    )
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's kubeconfig (`--kubeconfig`) has no permission bit outside `600`, compared
    /// bit by bit.
    ///
    /// ## Why it matters
    /// It holds the node's credentials to the API server.
    ///
    /// ## Remediation
    /// `chmod 600 /etc/kubernetes/kubelet.conf`
    pub static RULE = {
        id: "KN077",
        name: "kubelet-kubeconfig-permissions",
        cis: [],
        kube_cis: ["4.1.5"],
        target: File,
        severity: High,
        stride: [Tampering, InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    files_mode(
        ctx,
        kubelet_kubeconfig_files(ctx),
        "the kubelet's kubeconfig (`--kubeconfig`)",
        0o600,
    )
}

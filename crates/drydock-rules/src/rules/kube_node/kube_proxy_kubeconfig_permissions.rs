use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That kube-proxy's kubeconfig has no permission bit outside `600`, compared bit by bit.
    ///
    /// ## Why it matters
    /// It holds kube-proxy's credentials to the API server.
    ///
    /// ## Remediation
    /// `chmod 600 <kube-proxy kubeconfig>`
    pub static RULE = {
        id: "KN075",
        name: "kube-proxy-kubeconfig-permissions",
        cis: [],
        kube_cis: ["4.1.3"],
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
        kube_proxy_kubeconfig_files(ctx),
        "kube-proxy's kubeconfig",
        0o600,
    )
}

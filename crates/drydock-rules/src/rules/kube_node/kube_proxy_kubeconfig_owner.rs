use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That kube-proxy's kubeconfig is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Another owner can change it without root.
    ///
    /// ## Remediation
    /// `chown root:root <kube-proxy kubeconfig>`
    pub static RULE = {
        id: "KN076",
        name: "kube-proxy-kubeconfig-owner",
        cis: [],
        kube_cis: ["4.1.4"],
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
        kube_proxy_kubeconfig_files(ctx),
        "kube-proxy's kubeconfig",
    )
}

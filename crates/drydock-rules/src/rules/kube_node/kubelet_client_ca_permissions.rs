use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's client CA file has no permission bit outside `644`, compared bit by bit.
    ///
    /// ## Why it matters
    /// Whoever can replace it chooses which client certificates the kubelet accepts.
    ///
    /// ## Remediation
    /// `chmod 644 <client CA file>`
    pub static RULE = {
        id: "KN079",
        name: "kubelet-client-ca-permissions",
        cis: [],
        kube_cis: ["4.1.7"],
        target: File,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    files_mode(
        ctx,
        kubelet_client_ca_files(ctx),
        "the kubelet's client CA file",
        0o644,
    )
}

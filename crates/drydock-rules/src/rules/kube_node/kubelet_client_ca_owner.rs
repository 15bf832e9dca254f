use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's client CA file is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Another owner can change it without root.
    ///
    /// ## Remediation
    /// `chown root:root <client CA file>`
    pub static RULE = {
        id: "KN080",
        name: "kubelet-client-ca-owner",
        cis: [],
        kube_cis: ["4.1.8"],
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
        kubelet_client_ca_files(ctx),
        "the kubelet's client CA file",
    )
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's systemd unit and its drop-ins is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Another owner can change it without root.
    ///
    /// ## Remediation
    /// `chown root:root <unit file and drop-ins>`
    pub static RULE = {
        id: "KN074",
        name: "kubelet-unit-owner",
        cis: [],
        kube_cis: ["4.1.2"],
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
        kubelet_unit_files(ctx),
        "the kubelet's systemd unit and its drop-ins",
    )
}

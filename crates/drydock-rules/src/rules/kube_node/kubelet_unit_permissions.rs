use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's systemd unit and its drop-ins has no permission bit outside `600`,
    /// compared bit by bit.
    ///
    /// ## Why it matters
    /// The unit decides the kubelet's flags; whoever can write it can turn off the kubelet's
    /// authentication at the next restart.
    ///
    /// ## Remediation
    /// `chmod 600 <unit file and drop-ins>`
    pub static RULE = {
        id: "KN073",
        name: "kubelet-unit-permissions",
        cis: [],
        kube_cis: ["4.1.1"],
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
        kubelet_unit_files(ctx),
        "the kubelet's systemd unit and its drop-ins",
        0o600,
    )
}

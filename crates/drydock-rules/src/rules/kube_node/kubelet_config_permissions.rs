use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's configuration file (`--config`) has no permission bit outside `600`,
    /// compared bit by bit.
    ///
    /// ## Why it matters
    /// It decides the kubelet's authentication, authorization and ports.
    ///
    /// ## Remediation
    /// `chmod 600 /var/lib/kubelet/config.yaml`
    pub static RULE = {
        id: "KN081",
        name: "kubelet-config-permissions",
        cis: [],
        kube_cis: ["4.1.9"],
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
        kubelet_config_files(ctx),
        "the kubelet's configuration file (`--config`)",
        0o600,
    )
}

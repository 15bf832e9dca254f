use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's configuration file (`--config`) is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Another owner can change it without root.
    ///
    /// ## Remediation
    /// `chown root:root /var/lib/kubelet/config.yaml`
    pub static RULE = {
        id: "KN082",
        name: "kubelet-config-owner",
        cis: [],
        kube_cis: ["4.1.10"],
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
        kubelet_config_files(ctx),
        "the kubelet's configuration file (`--config`)",
    )
}

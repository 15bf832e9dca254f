use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the controller manager's kubeconfig is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Another owner can read or replace the component's credentials.
    ///
    /// ## Remediation
    /// `chown root:root /etc/kubernetes/controller-manager.conf`
    pub static RULE = {
        id: "KN018",
        name: "controller-manager-kubeconfig-owner",
        cis: [],
        kube_cis: ["1.1.18"],
        target: File,
        severity: Medium,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let paths = vec![CONTROLLER_MANAGER_CONF.to_string()];
    files_owner(
        ctx,
        present_files(ctx, &paths, "the controller manager's kubeconfig"),
        "the controller manager's kubeconfig",
    )
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the administrators' kubeconfig files are owned by `root:root`.
    ///
    /// ## Why it matters
    /// Another owner can read or replace cluster-admin credentials.
    ///
    /// ## Remediation
    /// `chown root:root /etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf`
    pub static RULE = {
        id: "KN014",
        name: "admin-kubeconfig-owner",
        cis: [],
        kube_cis: ["1.1.14"],
        target: File,
        severity: High,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let paths: Vec<String> = ADMIN_CONFS.iter().map(|s| s.to_string()).collect();
    files_owner(
        ctx,
        present_files(ctx, &paths, "the administrators' kubeconfig"),
        "the administrators' kubeconfig",
    )
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the administrators' kubeconfig files (`/etc/kubernetes/admin.conf` and, from 1.29,
    /// `super-admin.conf`) have no permission bit outside `600`.
    ///
    /// ## Why it matters
    /// These files hold credentials with full control of the cluster; a reader becomes cluster-
    /// admin.
    ///
    /// ## Remediation
    /// `chmod 600 /etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf`
    pub static RULE = {
        id: "KN013",
        name: "admin-kubeconfig-permissions",
        cis: [],
        kube_cis: ["1.1.13"],
        target: File,
        severity: Critical,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let paths: Vec<String> = ADMIN_CONFS.iter().map(|s| s.to_string()).collect();
    files_mode(
        ctx,
        present_files(ctx, &paths, "the administrators' kubeconfig"),
        "the administrators' kubeconfig",
        0o600,
    )
}

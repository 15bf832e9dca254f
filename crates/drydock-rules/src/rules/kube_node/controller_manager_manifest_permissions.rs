use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the controller manager's static pod manifest (`/etc/kubernetes/manifests/kube-
    /// controller-manager.yaml`) has no permission bit outside `600`, compared bit by bit.
    ///
    /// ## Why it matters
    /// The kubelet runs whatever this file describes with the host access of the component; anyone
    /// who can write it, or read the paths and flags it holds, is a step from owning the control
    /// plane.
    ///
    /// ## Remediation
    /// `chmod 600 /etc/kubernetes/manifests/kube-controller-manager.yaml`
    pub static RULE = {
        id: "KN003",
        name: "controller-manager-manifest-permissions",
        cis: [],
        kube_cis: ["1.1.3"],
        target: File,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let paths: Vec<String> = manifest_path("kube-controller-manager")
        .into_iter()
        .collect();
    files_mode(
        ctx,
        present_files(ctx, &paths, "the controller manager's static pod manifest"),
        "the controller manager's static pod manifest",
        0o600,
    )
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server's static pod manifest (`/etc/kubernetes/manifests/kube-apiserver.yaml`)
    /// has no permission bit outside `600`, compared bit by bit.
    ///
    /// ## Why it matters
    /// The kubelet runs whatever this file describes with the host access of the component; anyone
    /// who can write it, or read the paths and flags it holds, is a step from owning the control
    /// plane.
    ///
    /// ## Remediation
    /// `chmod 600 /etc/kubernetes/manifests/kube-apiserver.yaml`
    pub static RULE = {
        id: "KN001",
        name: "apiserver-manifest-permissions",
        cis: [],
        kube_cis: ["1.1.1"],
        target: File,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let paths: Vec<String> = manifest_path("kube-apiserver").into_iter().collect();
    files_mode(
        ctx,
        present_files(ctx, &paths, "the API server's static pod manifest"),
        "the API server's static pod manifest",
        0o600,
    )
}

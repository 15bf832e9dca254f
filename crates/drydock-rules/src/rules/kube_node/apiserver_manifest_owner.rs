use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server's static pod manifest is owned by `root:root` (uid and gid 0).
    ///
    /// ## Why it matters
    /// A manifest owned by another account can be rewritten by it, and the kubelet will run the
    /// result.
    ///
    /// ## Remediation
    /// `chown root:root /etc/kubernetes/manifests/kube-apiserver.yaml`
    pub static RULE = {
        id: "KN002",
        name: "apiserver-manifest-owner",
        cis: [],
        kube_cis: ["1.1.2"],
        target: File,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let paths: Vec<String> = manifest_path("kube-apiserver").into_iter().collect();
    files_owner(
        ctx,
        present_files(ctx, &paths, "the API server's static pod manifest"),
        "the API server's static pod manifest",
    )
}

use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the scheduler's static pod manifest (`/etc/kubernetes/manifests/kube-scheduler.yaml`)
    /// has no permission bit outside `600`, compared bit by bit.
    ///
    /// ## Why it matters
    /// The kubelet runs whatever this file describes with the host access of the component; anyone
    /// who can write it, or read the paths and flags it holds, is a step from owning the control
    /// plane.
    ///
    /// ## Remediation
    /// `chmod 600 /etc/kubernetes/manifests/kube-scheduler.yaml`
    pub static RULE = {
        id: "KN005",
        name: "scheduler-manifest-permissions",
        cis: [],
        kube_cis: ["1.1.5"],
        target: File,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let paths: Vec<String> = manifest_path("kube-scheduler").into_iter().collect();
    files_mode(
        ctx,
        present_files(ctx, &paths, "the scheduler's static pod manifest"),
        "the scheduler's static pod manifest",
        0o600,
    )
}

use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles that allow `create` on `pods` (or on workload controllers that create
    /// them: deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs).
    ///
    /// ## Why it matters
    /// Whoever can create a pod can run it with any service account of the namespace and, without
    /// admission control, as privileged.
    ///
    /// ## Remediation
    /// Limit pod creation to deployment pipelines and controllers.
    pub static RULE = {
        id: "KC04",
        name: "rbac-create-pods",
        title: "A role can create pods",
        cis: [],
        kube_cis: ["5.1.4"],
        target: KubeObject,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    role_grants(
        ctx,
        &RULE,
        &["create"],
        &[
            "pods",
            "deployments",
            "daemonsets",
            "statefulsets",
            "replicasets",
            "replicationcontrollers",
            "jobs",
            "cronjobs",
        ],
        &["", "apps", "batch"],
        "the creation of pods",
    )
}

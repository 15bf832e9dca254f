use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles that allow `create` on `persistentvolumes`.
    ///
    /// ## Why it matters
    /// A hand-made PersistentVolume can point at a hostPath, giving access to the node's
    /// filesystem.
    ///
    /// ## Remediation
    /// Let subjects request storage with PersistentVolumeClaims instead.
    pub static RULE = {
        id: "KC09",
        name: "rbac-create-persistent-volumes",
        title: "A role can create persistent volumes",
        cis: [],
        kube_cis: ["5.1.9"],
        target: KubeObject,
        severity: Medium,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    role_grants(
        ctx,
        &RULE,
        &["create"],
        &["persistentvolumes"],
        &[""],
        "the creation of persistent volumes",
    )
}

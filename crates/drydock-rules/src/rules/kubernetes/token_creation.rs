use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles that allow `create` on `serviceaccounts/token`.
    ///
    /// ## Why it matters
    /// A subject that can mint tokens can act as any service account in scope.
    ///
    /// ## Remediation
    /// Remove the permission; use projected tokens mounted by the kubelet.
    pub static RULE = {
        id: "KC13",
        name: "rbac-token-creation",
        title: "A role can create service account tokens",
        cis: [],
        kube_cis: ["5.1.13"],
        target: KubeObject,
        severity: High,
        stride: [Spoofing, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    role_grants(
        ctx,
        &RULE,
        &["create"],
        &["serviceaccounts/token"],
        &[""],
        "the creation of service account tokens",
    )
}

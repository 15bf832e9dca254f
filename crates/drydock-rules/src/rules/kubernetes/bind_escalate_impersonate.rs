use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles that allow `bind` or `escalate` on roles, or `impersonate` on users,
    /// groups or service accounts.
    ///
    /// ## Why it matters
    /// Each of these lets a subject grant itself permissions it does not have, or act as someone
    /// else.
    ///
    /// ## Remediation
    /// Remove the verbs; keep them for the cluster's own controllers.
    pub static RULE = {
        id: "KC08",
        name: "rbac-bind-escalate-impersonate",
        title: "A role can bind, escalate or impersonate",
        cis: [],
        kube_cis: ["5.1.8"],
        target: KubeObject,
        severity: High,
        stride: [ElevationOfPrivilege, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    role_grants(
        ctx,
        &RULE,
        &["bind", "escalate", "impersonate"],
        &[
            "roles",
            "clusterroles",
            "users",
            "groups",
            "serviceaccounts",
            "userextras",
        ],
        &["", "rbac.authorization.k8s.io", "authentication.k8s.io"],
        "bind, escalate or impersonate",
    )
}

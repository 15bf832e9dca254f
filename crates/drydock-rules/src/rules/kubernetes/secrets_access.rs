use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles that allow `get`, `list` or `watch` on `secrets` (or on `*`).
    ///
    /// ## Why it matters
    /// Reading secrets yields service account tokens and credentials: access to secrets is access
    /// to everything they unlock.
    ///
    /// ## Remediation
    /// Remove the permission, or narrow it with `resourceNames` to the secrets the subject needs.
    pub static RULE = {
        id: "KC02",
        name: "rbac-secrets-access",
        title: "A role can read secrets",
        cis: [],
        kube_cis: ["5.1.2"],
        target: KubeObject,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    role_grants(
        ctx,
        &RULE,
        &["get", "list", "watch"],
        &["secrets"],
        &[""],
        "read access to secrets",
    )
}

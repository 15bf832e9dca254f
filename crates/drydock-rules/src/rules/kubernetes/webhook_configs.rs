use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles that allow changing `validatingwebhookconfigurations` or
    /// `mutatingwebhookconfigurations`.
    ///
    /// ## Why it matters
    /// A webhook sees and can change every object admitted to the cluster, secrets included, or can
    /// switch admission policy off.
    ///
    /// ## Remediation
    /// Keep these permissions to cluster administrators.
    pub static RULE = {
        id: "KC12",
        name: "rbac-webhook-configurations",
        title: "A role can change admission webhooks",
        cis: [],
        kube_cis: ["5.1.12"],
        target: KubeObject,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    role_grants(
        ctx,
        &RULE,
        &["create", "update", "patch", "delete"],
        &[
            "validatingwebhookconfigurations",
            "mutatingwebhookconfigurations",
        ],
        &["admissionregistration.k8s.io"],
        "changes to admission webhooks",
    )
}

use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles that allow `update` or `patch` on
    /// `certificatesigningrequests/approval`.
    ///
    /// ## Why it matters
    /// Approving certificate requests lets a subject mint client certificates, including for
    /// privileged identities.
    ///
    /// ## Remediation
    /// Keep approval to the controller manager and a few administrators.
    pub static RULE = {
        id: "KC11",
        name: "rbac-csr-approval",
        title: "A role can approve certificate requests",
        cis: [],
        kube_cis: ["5.1.11"],
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
        &["update", "patch"],
        &["certificatesigningrequests/approval"],
        &["certificates.k8s.io"],
        "approval of certificate requests",
    )
}

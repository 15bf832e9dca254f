use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles that allow any verb on `nodes/proxy`.
    ///
    /// ## Why it matters
    /// nodes/proxy reaches the kubelet API: running commands in any pod of the node, bypassing
    /// audit and admission.
    ///
    /// ## Remediation
    /// Remove the permission; monitoring tools rarely need more than `nodes/metrics`.
    pub static RULE = {
        id: "KC10",
        name: "rbac-nodes-proxy",
        title: "A role can use the nodes/proxy subresource",
        cis: [],
        kube_cis: ["5.1.10"],
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
        &[
            "get", "create", "update", "patch", "delete", "list", "watch",
        ],
        &["nodes/proxy"],
        &[""],
        "access to nodes/proxy",
    )
}

use super::rbac::*;
use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Workloads that run as the namespace's `default` service account (no `serviceAccountName`, or
    /// `default`), and `default` ServiceAccounts that do not set `automountServiceAccountToken:
    /// false`.
    ///
    /// ## Why it matters
    /// Every pod of the namespace shares the default account: a permission granted to it for one
    /// workload is granted to all.
    ///
    /// ## Remediation
    /// Create a service account per workload; set `automountServiceAccountToken: false` on
    /// `default`.
    pub static RULE = {
        id: "KC05",
        name: "default-service-account-used",
        title: "The default service account is used",
        cis: [],
        kube_cis: ["5.1.5"],
        target: KubeWorkload,
        severity: Low,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let mut out = per_workload(ctx, |w| {
        let account = w
            .spec
            .get("serviceAccountName")
            .or_else(|| w.spec.get("serviceAccount"));
        match account.and_then(|a| a.as_str()) {
            Some(name) if name != "default" => Vec::new(),
            _ => vec![
                finding(
                    &RULE,
                    w,
                    None,
                    account.unwrap_or_else(|| pod_anchor(w)),
                    "runs as the default service account",
                )
                .with(
                    Evidence::new(
                        "serviceAccountName",
                        account.and_then(|a| a.as_str()).unwrap_or("unset"),
                    )
                    .expected("a dedicated service account"),
                ),
            ],
        }
    });
    for sa in objects_of(ctx, &["ServiceAccount"])
        .into_iter()
        .filter(|o| o.name == "default")
    {
        if sa
            .node
            .get("automountServiceAccountToken")
            .and_then(|n| n.as_bool())
            != Some(false)
        {
            out.push(
                object_finding(
                    &RULE,
                    sa,
                    &sa.node,
                    "the default service account mounts its token",
                )
                .with(Evidence::new("automountServiceAccountToken", "not false").expected("false")),
            );
        }
    }
    out
}

use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Workloads whose pod spec does not set `automountServiceAccountToken: false`.
    ///
    /// ## Why it matters
    /// A mounted token lets anyone who gets into the container call the API server as the workload.
    ///
    /// ## Remediation
    /// Set `automountServiceAccountToken: false` unless the workload calls the API.
    pub static RULE = {
        id: "KC06",
        name: "service-account-token-automounted",
        title: "The service account token is mounted",
        cis: [],
        kube_cis: ["5.1.6"],
        target: KubeWorkload,
        severity: Low,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: Available,
        fixer: (Unsafe, "set automountServiceAccountToken: false in the pod spec; a program that calls the Kubernetes API loses its token", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        if w.spec
            .get("automountServiceAccountToken")
            .and_then(|n| n.as_bool())
            != Some(false)
        {
            let anchor = w
                .spec
                .get("automountServiceAccountToken")
                .unwrap_or_else(|| pod_anchor(w));
            out.push(
                finding(
                    &RULE,
                    w,
                    None,
                    anchor,
                    "the service account token is mounted",
                )
                .with(Evidence::new("automountServiceAccountToken", "not false").expected("false")),
            );
        }
        out
    })
}

fn fix(
    text: &str,
    finding: &drydock_model::report::ResultEntry,
) -> Option<Vec<crate::fix::TextEdit>> {
    crate::fix::yaml::with_workload(text, finding, |spec, _| {
        crate::fix::yaml::ensure(
            text,
            spec,
            &[],
            &[("automountServiceAccountToken", "false")],
        )
    })
}

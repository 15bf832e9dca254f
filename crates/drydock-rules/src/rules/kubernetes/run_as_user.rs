use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// From v1.23: that neither the pod nor any container sets `runAsUser: 0`.
    ///
    /// ## Why it matters
    /// uid 0 is root, whatever the image says.
    ///
    /// ## Remediation
    /// Set `runAsUser` to a non-zero uid, or remove it and run the image's non-root user.
    pub static RULE = {
        id: "KP15",
        name: "pss-run-as-root-user",
        title: "Containers are set to run as uid 0",
        cis: [],
        kube_cis: ["5.2.7"],
        pss: ("Running as Non-root user", Restricted),
        target: KubeWorkload,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        if minor < 23 || (minor >= 35 && w.in_user_namespace()) {
            return Vec::new();
        }
        forbidden_security_settings(
            &RULE,
            w,
            "runAsUser",
            |n| n.as_str() == Some("0"),
            |_| "runs as uid 0".to_string(),
            "non-zero",
        )
    })
}

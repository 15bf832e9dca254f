use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That every container runs with `runAsNonRoot: true`, set on the container or inherited from
    /// the pod; a container-level `false` overrides the pod and fails.
    ///
    /// ## Why it matters
    /// Without it, an image that runs as root runs as root in the cluster.
    ///
    /// ## Remediation
    /// Set `runAsNonRoot: true` in the pod's securityContext (and run the image as a non-root
    /// user).
    pub static RULE = {
        id: "KP14",
        name: "pss-run-as-non-root",
        title: "Containers may run as root",
        cis: [],
        kube_cis: ["5.2.7"],
        pss: ("Running as Non-root", Restricted),
        target: KubeWorkload,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        fixer: (Unsafe, "set securityContext.runAsNonRoot: true on the container; an image whose user is root no longer starts until it names another", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        if minor >= 35 && w.in_user_namespace() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for c in w.containers() {
            let (failure, message) = match c.effective(w, "runAsNonRoot") {
                Some((n, _)) if n.as_bool() == Some(true) => continue,
                Some((n, from_pod)) => (
                    RequiredSetting::Wrong(n),
                    format!(
                        "runAsNonRoot is {}{}",
                        n.as_str().unwrap_or(""),
                        if from_pod { " (from the pod)" } else { "" }
                    ),
                ),
                None => (
                    RequiredSetting::Unset,
                    "runAsNonRoot is set neither on the container nor on the pod".to_string(),
                ),
            };
            out.push(required_setting_finding(
                &RULE,
                w,
                &c,
                failure,
                message,
                "runAsNonRoot",
                "true",
            ));
        }
        out
    })
}

fn fix(
    text: &str,
    finding: &drydock_model::report::ResultEntry,
) -> Option<Vec<crate::fix::TextEdit>> {
    crate::fix::yaml::ensure_security_context(text, finding, &[], &[("runAsNonRoot", "true")])
}

use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// From v1.19: that each container has a seccomp profile of type `RuntimeDefault` or
    /// `Localhost`, set on the container or inherited from the pod. Windows pods (`os.name: windows`) are exempt from v1.25.
    ///
    /// ## Why it matters
    /// Containers without a profile run unconfined on many runtimes: the whole system-call
    /// interface is open.
    ///
    /// ## Remediation
    /// Set `seccompProfile: {type: RuntimeDefault}` in the pod's securityContext.
    pub static RULE = {
        id: "KP16",
        name: "pss-seccomp-not-set",
        title: "No seccomp profile is set",
        cis: [],
        kube_cis: ["5.6.2"],
        pss: ("Seccomp", Restricted),
        target: KubeWorkload,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        fixer: (Unsafe, "set securityContext.seccompProfile.type: RuntimeDefault on the container; the few system calls the runtime's profile blocks fail", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        if minor < 19 || w.windows_exempt(minor) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for c in w.containers() {
            let (failure, message) = match c.effective(w, "seccompProfile.type") {
                Some((n, _)) if matches!(n.as_str(), Some("RuntimeDefault" | "Localhost")) => {
                    continue;
                }
                Some((n, _)) => (
                    RequiredSetting::Wrong(n),
                    format!("seccomp profile {}", n.as_str().unwrap_or("")),
                ),
                None => (
                    RequiredSetting::Unset,
                    "no seccomp profile on the container or the pod".to_string(),
                ),
            };
            out.push(required_setting_finding(
                &RULE,
                w,
                &c,
                failure,
                message,
                "seccompProfile.type",
                "RuntimeDefault or Localhost",
            ));
        }
        out
    })
}

fn fix(
    text: &str,
    finding: &drydock_model::report::ResultEntry,
) -> Option<Vec<crate::fix::TextEdit>> {
    crate::fix::yaml::ensure_security_context(
        text,
        finding,
        &["seccompProfile"],
        &[("type", "RuntimeDefault")],
    )
}

use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That every container sets `securityContext.allowPrivilegeEscalation: false` (unset is not
    /// enough: the default allows it). Windows pods (`os.name: windows`) are exempt from v1.25.
    ///
    /// ## Why it matters
    /// Without it, setuid binaries and file capabilities let a process gain more privileges than it
    /// started with.
    ///
    /// ## Remediation
    /// Set `allowPrivilegeEscalation: false` in each container's securityContext.
    pub static RULE = {
        id: "KP13",
        name: "pss-privilege-escalation",
        title: "Privilege escalation is not disabled",
        cis: [],
        kube_cis: ["5.2.6"],
        pss: ("Privilege Escalation", Restricted),
        target: KubeWorkload,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        fixer: (Unsafe, "set securityContext.allowPrivilegeEscalation: false on the container; setuid programs in it stop gaining privileges", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        if w.windows_exempt(minor) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for c in w.containers() {
            let (failure, message) = match c.setting("allowPrivilegeEscalation") {
                Some(n) if n.as_bool() == Some(false) => continue,
                Some(n) => (
                    RequiredSetting::Wrong(n),
                    "allowPrivilegeEscalation is not false",
                ),
                None => (
                    RequiredSetting::Unset,
                    "allowPrivilegeEscalation is not set (the default allows it)",
                ),
            };
            out.push(required_setting_finding(
                &RULE,
                w,
                &c,
                failure,
                message.to_string(),
                "securityContext.allowPrivilegeEscalation",
                "false",
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
        &[],
        &[("allowPrivilegeEscalation", "false")],
    )
}

use super::workload::*;
use crate::declare_rule;
use crate::model::{Evidence, Outcome};
use crate::rule::Context;

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
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        if !w.windows_exempt(minor) {
            for c in w.containers() {
                match c.setting("allowPrivilegeEscalation") {
                    Some(n) if n.as_bool() == Some(false) => {}
                    Some(n) => out.push(
                        finding(
                            &RULE,
                            w,
                            Some(&c.name),
                            n,
                            "allowPrivilegeEscalation is not false",
                        )
                        .with(
                            Evidence::new(
                                "securityContext.allowPrivilegeEscalation",
                                n.as_str().unwrap_or(""),
                            )
                            .expected("false"),
                        ),
                    ),
                    None => out.push(
                        finding(
                            &RULE,
                            w,
                            Some(&c.name),
                            container_anchor(&c),
                            "allowPrivilegeEscalation is not set (the default allows it)",
                        )
                        .with(
                            Evidence::new("securityContext.allowPrivilegeEscalation", "unset")
                                .expected("false"),
                        ),
                    ),
                }
            }
        }
        out
    })
}

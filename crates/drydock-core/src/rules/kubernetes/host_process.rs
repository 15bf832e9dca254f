#[allow(unused_imports)]
use super::rbac::*;
#[allow(unused_imports)]
use super::workload::*;
use crate::declare_rule;
#[allow(unused_imports)]
use crate::model::{Evidence, Outcome};
use crate::rule::Context;

declare_rule! {
    /// ## What it checks
    /// That neither the pod nor any container sets `securityContext.windowsOptions.hostProcess:
    /// true`.
    ///
    /// ## Why it matters
    /// A HostProcess container runs directly on the Windows node with the node's privileges.
    ///
    /// ## Remediation
    /// Remove `hostProcess: true`.
    pub static RULE = {
        id: "KP01",
        name: "pss-host-process",
        title: "Windows HostProcess containers are allowed",
        cis: [],
        kube_cis: ["5.2.10"],
        pss: ("HostProcess", Baseline),
        target: KubeWorkload,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    #[allow(unused_variables)]
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        #[allow(unused_mut)]
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(n) = w.pod_setting("windowsOptions.hostProcess")
            && n.as_bool() == Some(true)
        {
            out.push(
                finding(&RULE, w, None, n, "the pod runs as a Windows HostProcess").with(
                    Evidence::new("spec.securityContext.windowsOptions.hostProcess", "true")
                        .expected("false or unset"),
                ),
            );
        }
        for c in w.containers() {
            if let Some(n) = c.setting("windowsOptions.hostProcess")
                && n.as_bool() == Some(true)
            {
                out.push(
                    finding(
                        &RULE,
                        w,
                        Some(&c.name),
                        n,
                        "the container runs as a Windows HostProcess",
                    )
                    .with(
                        Evidence::new("securityContext.windowsOptions.hostProcess", "true")
                            .expected("false or unset"),
                    ),
                );
            }
        }
        out
    })
}

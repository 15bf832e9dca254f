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
    #[allow(unused_variables)]
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        #[allow(unused_mut)]
        let mut out: Vec<Outcome> = Vec::new();
        if minor >= 23 {
            if let Some(n) = w.pod_setting("runAsUser")
                && n.as_str() == Some("0")
            {
                out.push(finding(&RULE, w, None, n, "the pod runs as uid 0").with(
                    Evidence::new("spec.securityContext.runAsUser", "0").expected("non-zero"),
                ));
            }
            for c in w.containers() {
                if let Some(n) = c.setting("runAsUser")
                    && n.as_str() == Some("0")
                {
                    out.push(
                        finding(&RULE, w, Some(&c.name), n, "the container runs as uid 0").with(
                            Evidence::new("securityContext.runAsUser", "0").expected("non-zero"),
                        ),
                    );
                }
            }
        }
        out
    })
}

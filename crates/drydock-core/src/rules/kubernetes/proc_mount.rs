use super::workload::*;
use crate::declare_rule;
use crate::model::{Evidence, Outcome};
use crate::rule::Context;

declare_rule! {
    /// ## What it checks
    /// That no container sets `securityContext.procMount` to anything but `Default`.
    ///
    /// ## Why it matters
    /// An `Unmasked` /proc exposes kernel interfaces the runtime normally hides from containers.
    ///
    /// ## Remediation
    /// Remove `procMount` or set it to `Default`.
    pub static RULE = {
        id: "KP09",
        name: "pss-proc-mount",
        title: "The /proc mount is unmasked",
        cis: [],
        kube_cis: [],
        pss: ("/proc Mount Type", Baseline),
        target: KubeWorkload,
        severity: Medium,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        for c in w.containers() {
            if let Some(n) = c.setting("procMount")
                && !n.is_null()
                && n.as_str() != Some("Default")
            {
                let v = n.as_str().unwrap_or("");
                out.push(
                    finding(&RULE, w, Some(&c.name), n, format!("procMount {v}"))
                        .with(Evidence::new("securityContext.procMount", v).expected("Default")),
                );
            }
        }
        out
    })
}

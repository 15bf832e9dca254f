use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That no container sets `securityContext.procMount` to anything but `Default`. From PSS
    /// v1.35 the baseline exempts pods with `hostUsers: false` (a user namespace), where an
    /// unmasked /proc belongs to the pod's own namespace; `pss-proc-mount-restricted` still
    /// reports them under the restricted profile.
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
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        // From v1.35 the baseline allows any procMount in a user-namespaced pod; the restricted
        // profile still forbids it (pss-proc-mount-restricted reports that case).
        if minor >= 35 && w.in_user_namespace() {
            return Vec::new();
        }
        unmasked_proc_mounts(&RULE, w)
    })
}

/// A finding for every container whose procMount is not `Default`.
pub fn unmasked_proc_mounts(rule: &crate::rule::Rule, w: &Workload) -> Vec<Outcome> {
    let mut out: Vec<Outcome> = Vec::new();
    for c in w.containers() {
        if let Some(n) = c.setting("procMount")
            && !n.is_null()
            && n.as_str() != Some("Default")
        {
            let v = n.as_str().unwrap_or("");
            out.push(
                finding(rule, w, Some(c.name), n, format!("procMount {v}"))
                    .with(Evidence::new("securityContext.procMount", v).expected("Default")),
            );
        }
    }
    out
}

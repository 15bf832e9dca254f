use super::proc_mount::unmasked_proc_mounts;
use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// From PSS v1.35: that containers of a pod with `hostUsers: false` keep the `Default`
    /// procMount too. The baseline profile allows `Unmasked` in a user-namespaced pod; the
    /// restricted profile does not. Pods without a user namespace are judged by
    /// `pss-proc-mount` instead, so nothing is reported twice.
    ///
    /// ## Why it matters
    /// A user namespace limits what root in the pod can do on the node, but an unmasked /proc
    /// still shows the kernel interfaces the runtime hides, which widens what a compromised
    /// container can probe.
    ///
    /// ## Remediation
    /// Remove `procMount` or set it to `Default`; keep `Unmasked` only for workloads that build
    /// nested containers and run them under the baseline profile.
    pub static RULE = {
        id: "KP19",
        name: "pss-proc-mount-restricted",
        title: "The /proc mount is unmasked in a user-namespaced pod",
        cis: [],
        kube_cis: [],
        pss: ("/proc Mount Type", Restricted),
        target: KubeWorkload,
        severity: Low,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        if minor >= 35 && w.in_user_namespace() {
            unmasked_proc_mounts(&RULE, w)
        } else {
            Vec::new()
        }
    })
}

use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That `capabilities.add` of every container stays within the baseline set: AUDIT_WRITE,
    /// CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID,
    /// SETPCAP, SETUID, SYS_CHROOT.
    ///
    /// ## Why it matters
    /// Other capabilities (SYS_ADMIN, NET_ADMIN, SYS_PTRACE...) give the container kernel powers
    /// that lead to the node.
    ///
    /// ## Remediation
    /// Remove the added capabilities, or run the workload in a namespace allowed to be privileged.
    pub static RULE = {
        id: "KP04",
        name: "pss-capabilities-baseline",
        title: "Capabilities beyond the baseline are added",
        cis: [],
        kube_cis: ["5.2.9"],
        pss: ("Capabilities", Baseline),
        target: KubeWorkload,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        const ALLOWED: &[&str] = &[
            "AUDIT_WRITE",
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "MKNOD",
            "NET_BIND_SERVICE",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_CHROOT",
        ];
        for c in w.containers() {
            out.extend(added_capabilities_outside(
                &RULE,
                w,
                &c,
                ALLOWED,
                "only the baseline set",
            ));
        }
        out
    })
}

use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That the pod does not set `hostNetwork`, `hostPID` or `hostIPC` to true.
    ///
    /// ## Why it matters
    /// The pod would see the node's network, processes or shared memory, and could act on them.
    ///
    /// ## Remediation
    /// Remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to false).
    pub static RULE = {
        id: "KP02",
        name: "pss-host-namespaces",
        title: "Host namespaces are shared",
        cis: [],
        kube_cis: ["5.2.3", "5.2.4", "5.2.5"],
        pss: ("Host Namespaces", Baseline),
        target: KubeWorkload,
        severity: High,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        for key in ["hostNetwork", "hostPID", "hostIPC"] {
            if let Some(n) = w.spec.get(key)
                && n.as_bool() == Some(true)
            {
                out.push(
                    finding(
                        &RULE,
                        w,
                        None,
                        n,
                        format!("{key}: true shares the node's namespace"),
                    )
                    .with(Evidence::new(format!("spec.{key}"), "true").expected("false or unset")),
                );
            }
        }
        out
    })
}

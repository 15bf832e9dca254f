use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That no container (init and ephemeral included) sets `securityContext.privileged: true`.
    ///
    /// ## Why it matters
    /// A privileged container has every capability and device of the node: root in it is root on
    /// the node.
    ///
    /// ## Remediation
    /// Remove `privileged: true`; grant a specific capability if one is needed.
    pub static RULE = {
        id: "KP03",
        name: "pss-privileged",
        title: "Privileged containers are allowed",
        cis: [],
        kube_cis: ["5.2.2"],
        pss: ("Privileged Containers", Baseline),
        target: KubeWorkload,
        severity: Critical,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        for c in w.containers() {
            if let Some(n) = c.setting("privileged")
                && n.as_bool() == Some(true)
            {
                out.push(
                    finding(&RULE, w, Some(c.name), n, "the container runs privileged").with(
                        Evidence::new("securityContext.privileged", "true")
                            .expected("false or unset"),
                    ),
                );
            }
        }
        out
    })
}

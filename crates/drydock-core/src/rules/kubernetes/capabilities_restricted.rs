use super::workload::*;
use crate::declare_rule;
use crate::model::{Evidence, Outcome};
use crate::rule::Context;

declare_rule! {
    /// ## What it checks
    /// From v1.22: that every container drops `ALL` capabilities and adds back at most
    /// `NET_BIND_SERVICE`. Windows pods (`os.name: windows`) are exempt from v1.25.
    ///
    /// ## Why it matters
    /// The default set includes NET_RAW (packet spoofing on the pod network), DAC_OVERRIDE, SETUID
    /// and more that most workloads never use.
    ///
    /// ## Remediation
    /// Set `capabilities: {drop: [ALL]}` (and `add: [NET_BIND_SERVICE]` only if the process binds a
    /// low port).
    pub static RULE = {
        id: "KP17",
        name: "pss-capabilities-not-dropped",
        title: "Capabilities are not dropped",
        cis: [],
        kube_cis: ["5.2.8", "5.2.9"],
        pss: ("Capabilities", Restricted),
        target: KubeWorkload,
        severity: Medium,
        stride: [ElevationOfPrivilege, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        if minor >= 22 && !w.windows_exempt(minor) {
            for c in w.containers() {
                let drops: Vec<String> = c
                    .setting("capabilities.drop")
                    .map(|n| {
                        n.items()
                            .iter()
                            .filter_map(|i| i.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                if !drops.iter().any(|d| d == "ALL") {
                    let anchor = c
                        .setting("capabilities.drop")
                        .unwrap_or_else(|| container_anchor(&c));
                    out.push(
                        finding(
                            &RULE,
                            w,
                            Some(c.name),
                            anchor,
                            "capabilities are not dropped (drop: [ALL])",
                        )
                        .with(
                            Evidence::new(
                                "securityContext.capabilities.drop",
                                if drops.is_empty() {
                                    "none".to_string()
                                } else {
                                    drops.join(", ")
                                },
                            )
                            .expected("ALL"),
                        ),
                    );
                }
                out.extend(added_capabilities_outside(
                    &RULE,
                    w,
                    &c,
                    &["NET_BIND_SERVICE"],
                    "NET_BIND_SERVICE at most",
                ));
            }
        }
        out
    })
}

use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

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
        fix: Available,
        fixer: (Unsafe, "add ALL to securityContext.capabilities.drop of the container; add back only NET_BIND_SERVICE if it binds low ports", fix),
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

fn fix(
    text: &str,
    finding: &drydock_model::report::ResultEntry,
) -> Option<Vec<crate::fix::TextEdit>> {
    use crate::fix::yaml;
    // Only the finding about drop: one about added capabilities needs a person.
    if !finding
        .evidence
        .iter()
        .any(|e| e.field == "securityContext.capabilities.drop")
    {
        return None;
    }
    yaml::with_workload(text, finding, |_, container| {
        let container = container?;
        match container
            .get("securityContext")
            .and_then(|s| s.get("capabilities"))
            .filter(|c| c.entry("drop").is_some())
        {
            Some(capabilities) => yaml::add_item(text, capabilities, "drop", "ALL"),
            None => yaml::ensure(
                text,
                container,
                &["securityContext", "capabilities"],
                &[("drop", "[\"ALL\"]")],
            ),
        }
    })
}

use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Containers without `resources.limits.memory` or `resources.limits.cpu`.
    ///
    /// ## Why it matters
    /// An unbounded container can starve its node and the other pods on it.
    ///
    /// ## Remediation
    /// Set `resources.limits` (and requests) for memory and CPU.
    pub static RULE = {
        id: "KC17",
        name: "container-without-limits",
        title: "A container has no memory or CPU limit",
        cis: [],
        kube_cis: [],
        target: KubeWorkload,
        severity: Medium,
        stride: [DenialOfService],
        fix: Available,
        fixer: (Unsafe, "set the missing resources.limits (memory 512Mi, cpu 1) on the container; a container that needs more is killed or throttled, so size them", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        for c in w
            .containers()
            .into_iter()
            .filter(|c| c.group != "ephemeralContainers")
        {
            let limits = c.node.get("resources").and_then(|r| r.get("limits"));
            let missing: Vec<&str> = ["memory", "cpu"]
                .into_iter()
                .filter(|k| limits.and_then(|l| l.get(k)).is_none())
                .collect();
            if !missing.is_empty() {
                let anchor = c
                    .node
                    .entry("resources")
                    .map(|(k, _)| k)
                    .unwrap_or_else(|| container_anchor(&c));
                out.push(
                    finding(
                        &RULE,
                        w,
                        Some(c.name),
                        anchor,
                        format!("no {} limit", missing.join(" or ")),
                    )
                    .with(
                        Evidence::new("resources.limits", missing.join(", "))
                            .expected("memory and cpu limits"),
                    ),
                );
            }
        }
        out
    })
}

fn fix(
    text: &str,
    finding: &drydock_model::report::ResultEntry,
) -> Option<Vec<crate::fix::TextEdit>> {
    crate::fix::yaml::with_workload(text, finding, |_, container| {
        let container = container?;
        let limits = container.get("resources").and_then(|r| r.get("limits"));
        let leaves: Vec<(&str, &str)> = [("memory", "512Mi"), ("cpu", "\"1\"")]
            .into_iter()
            .filter(|(k, _)| limits.and_then(|l| l.get(k)).is_none())
            .collect();
        crate::fix::yaml::ensure(text, container, &["resources", "limits"], &leaves)
    })
}

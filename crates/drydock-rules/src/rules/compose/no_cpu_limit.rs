use super::service::*;
use crate::declare_rule;
use crate::fix::{TextEdit, compose_set};
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// A CPU bound: `cpus`, `cpu_shares`, `cpu_quota`, `cpuset`, `cpu_count`, `cpu_percent` or `deploy.resources.limits.cpus`.
    ///
    /// ## Why it matters
    /// An unbounded service can starve the others of CPU.
    ///
    /// ## Remediation
    /// Set `cpus: "0.5"` or `deploy.resources.limits.cpus`.
    pub static RULE = {
        id: "CO019",
        name: "compose-no-cpu-limit",
        title: "The service has no CPU limit or weight",
        cis: ["5.12"],
        target: ComposeService,
        severity: Low,
        stride: [DenialOfService],
        fix: Available,
        fixer: (Unsafe, "set cpus: 1.0; a service that needs more CPU slows down, so size it to the workload", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        let any = [
            "cpus",
            "cpu_shares",
            "cpu_quota",
            "cpuset",
            "cpu_count",
            "cpu_percent",
            "deploy.resources.limits.cpus",
        ]
        .iter()
        .any(|k| at(s, k).is_some());
        if !any {
            out.push(
                on_service(c, s, "no CPU limit or weight")
                    .with(Evidence::new("cpus", "none").expected("a limit")),
            );
        }
        out
    })
}

fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    compose_set(text, finding, "cpus", "1.0")
}

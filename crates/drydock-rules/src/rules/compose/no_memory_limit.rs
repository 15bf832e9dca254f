use super::service::*;
use crate::declare_rule;
use crate::fix::{TextEdit, compose_set};
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// A memory limit: `mem_limit` or `deploy.resources.limits.memory`.
    ///
    /// ## Why it matters
    /// Without one the service can take all the host's memory.
    ///
    /// ## Remediation
    /// Set `mem_limit: 512m` or `deploy.resources.limits.memory`.
    pub static RULE = {
        id: "CO018",
        name: "compose-no-memory-limit",
        title: "The service has no memory limit",
        cis: ["5.11"],
        target: ComposeService,
        severity: Medium,
        stride: [DenialOfService],
        fix: Available,
        fixer: (Unsafe, "set mem_limit: 512m; a service that needs more is killed, so size it to the workload", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if at(s, "mem_limit").is_none() && at(s, "deploy.resources.limits.memory").is_none() {
            out.push(
                on_service(c, s, "no memory limit")
                    .with(Evidence::new("mem_limit", "none").expected("a limit")),
            );
        }
        out
    })
}

fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    compose_set(text, finding, "mem_limit", "512m")
}

use super::service::*;
use crate::declare_rule;
use crate::fix::{TextEdit, compose_set};
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// A PIDs limit: `pids_limit` or `deploy.resources.limits.pids` above 0.
    ///
    /// ## Why it matters
    /// A fork bomb exhausts the host's process table.
    ///
    /// ## Remediation
    /// Set `pids_limit: 100`.
    pub static RULE = {
        id: "CO020",
        name: "compose-no-pids-limit",
        title: "The service has no PIDs limit",
        cis: ["5.29"],
        target: ComposeService,
        severity: Medium,
        stride: [DenialOfService],
        fix: Available,
        fixer: (Unsafe, "set pids_limit: 200; a service that forks more processes than that fails to", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        let limit = at(s, "pids_limit").or_else(|| at(s, "deploy.resources.limits.pids"));
        let ok = limit
            .and_then(|n| n.as_str())
            .and_then(|t| t.parse::<i64>().ok())
            .is_some_and(|v| v > 0);
        if !ok {
            let n = limit.unwrap_or(&s.key);
            out.push(
                finding(c, s, n, "no PIDs limit").with(
                    Evidence::new(
                        "pids_limit",
                        limit.and_then(|n| n.as_str()).unwrap_or("none"),
                    )
                    .expected("> 0"),
                ),
            );
        }
        out
    })
}

fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    compose_set(text, finding, "pids_limit", "200")
}

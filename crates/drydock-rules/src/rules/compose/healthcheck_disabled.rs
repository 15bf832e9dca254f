use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `healthcheck: {disable: true}` or a test of `NONE`.
    ///
    /// ## Why it matters
    /// Nothing notices a hung or hijacked service.
    ///
    /// ## Remediation
    /// Remove `disable` and give a `test`.
    pub static RULE = {
        id: "CO026",
        name: "compose-healthcheck-disabled",
        title: "The health check is turned off",
        cis: ["5.27"],
        target: ComposeService,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(h) = at(s, "healthcheck") {
            let disabled = h.get("disable").and_then(|n| n.as_bool()) == Some(true)
                || h.get("test").is_some_and(|t| {
                    t.as_str() == Some("NONE")
                        || t.items().first().and_then(|i| i.as_str()) == Some("NONE")
                });
            if disabled {
                out.push(
                    finding(
                        c,
                        s,
                        key_of(s, "healthcheck").unwrap_or(h),
                        "the health check is disabled",
                    )
                    .with(Evidence::new("healthcheck", "disabled").expected("a test")),
                );
            }
        }
        out
    })
}

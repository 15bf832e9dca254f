use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// The restart policy: `restart: always`, `unless-stopped` and `on-failure` without a count (or above 5) fail; `on-failure:N` with N ≤ 5, `no` and `deploy.restart_policy` with `max_attempts` ≤ 5 pass.
    ///
    /// ## Why it matters
    /// Endless restarts keep a failing or attacked service cycling.
    ///
    /// ## Remediation
    /// Use `restart: on-failure:5`.
    pub static RULE = {
        id: "CO022",
        name: "compose-restart-unbounded",
        title: "The service restarts without limit",
        cis: ["5.15"],
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
        if let Some(n) = at(s, "restart") {
            let text = n.as_str().unwrap_or("");
            let bad = match text.split_once(':') {
                Some(("on-failure", count)) => {
                    count.parse::<i64>().map_or(true, |c| !(1..=5).contains(&c))
                }
                None => matches!(text, "always" | "unless-stopped" | "on-failure"),
                _ => false,
            };
            if bad {
                out.push(
                    finding(c, s, n, format!("restart: {text} restarts without a bound"))
                        .with(Evidence::new("restart", text).expected("on-failure:5")),
                );
            }
        }
        if let Some(p) = at(s, "deploy.restart_policy") {
            let cond = p.get("condition").and_then(|n| n.as_str()).unwrap_or("any");
            let max = p
                .get("max_attempts")
                .and_then(|n| n.as_str())
                .and_then(|t| t.parse::<i64>().ok());
            if cond != "none" && max.is_none_or(|m| !(1..=5).contains(&m)) {
                let key = s
                    .node
                    .get("deploy")
                    .and_then(|d| d.entry("restart_policy"))
                    .map_or(p, |(k, _)| k);
                out.push(
                    finding(
                        c,
                        s,
                        key,
                        format!("deploy.restart_policy {cond} without max_attempts <= 5"),
                    )
                    .with(
                        Evidence::new(
                            "max_attempts",
                            max.map_or("unset".to_string(), |m| m.to_string()),
                        )
                        .expected("1 to 5"),
                    ),
                );
            }
        }
        out
    })
}

use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Published host ports below 1024 (1024 itself is not privileged).
    ///
    /// ## Why it matters
    /// Low ports are reserved for the host's own services; publishing one can shadow them.
    ///
    /// ## Remediation
    /// Publish on 1024 or above and put a proxy in front.
    pub static RULE = {
        id: "CO011",
        name: "compose-privileged-port",
        title: "A privileged host port is published",
        cis: ["5.8"],
        target: ComposeService,
        severity: Low,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        for p in ports(s) {
            let low = p
                .published
                .as_deref()
                .and_then(|x| x.split('-').next())
                .and_then(|x| x.parse::<u32>().ok())
                .is_some_and(|n| n > 0 && n < 1024);
            if low {
                out.push(
                    finding(
                        c,
                        s,
                        p.node,
                        format!(
                            "publishes host port {}",
                            p.published.clone().unwrap_or_default()
                        ),
                    )
                    .with(
                        Evidence::new("ports", p.published.clone().unwrap_or_default())
                            .expected(">= 1024"),
                    ),
                );
            }
        }
        out
    })
}

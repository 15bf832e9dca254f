use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `ulimits` overrides, reported for review.
    ///
    /// ## Why it matters
    /// Raised limits lift protections the host relies on against exhaustion.
    ///
    /// ## Remediation
    /// Override only what the service needs.
    pub static RULE = {
        id: "CO024",
        name: "compose-ulimits-override",
        title: "The service overrides ulimits",
        cis: ["5.19"],
        target: ComposeService,
        severity: Info,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(n) = at(s, "ulimits") {
            out.push(
                Outcome::manual(object(c, s), "overrides ulimits; confirm they are needed")
                    .at(
                        c.path_of(key_of(s, "ulimits").unwrap_or(n)),
                        key_of(s, "ulimits").unwrap_or(n).pos.line,
                        key_of(s, "ulimits").unwrap_or(n).pos.column,
                    )
                    .with(Evidence::new(
                        "ulimits",
                        n.entries()
                            .iter()
                            .filter_map(|(k, _)| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )),
            );
        }
        out
    })
}

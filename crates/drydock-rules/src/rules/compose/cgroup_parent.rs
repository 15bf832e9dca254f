use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `cgroup_parent`, reported for review.
    ///
    /// ## Why it matters
    /// The parent decides which limits apply above the container.
    ///
    /// ## Remediation
    /// Remove it unless the parent is sized on purpose.
    pub static RULE = {
        id: "CO025",
        name: "compose-cgroup-parent",
        title: "The service sets a cgroup parent",
        cis: ["5.25"],
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
        if let Some(n) = at(s, "cgroup_parent") {
            out.push(
                Outcome::manual(
                    object(c, s),
                    "runs under a custom cgroup parent; confirm it",
                )
                .at(c.path_of(n), n.pos.line, n.pos.column)
                .with(Evidence::new("cgroup_parent", n.as_str().unwrap_or(""))),
            );
        }
        out
    })
}

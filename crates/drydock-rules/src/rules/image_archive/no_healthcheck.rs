use super::archived::{finding, per_archived_image};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// The image configuration's `Healthcheck`: missing or `NONE`.
    ///
    /// ## Why it matters
    /// Nothing notices a hung service.
    ///
    /// ## Remediation
    /// Add a `HEALTHCHECK` to the Dockerfile.
    pub static RULE = {
        id: "AR002",
        name: "archived-image-no-healthcheck",
        title: "The image declares no health check",
        cis: ["4.6"],
        target: ImageArchive,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_archived_image(ctx, |a, i| {
        let mut out: Vec<Outcome> = Vec::new();
        let ok = i
            .healthcheck
            .as_ref()
            .is_some_and(|t| !t.is_empty() && t[0] != "NONE");
        if !ok {
            out.push(
                finding(a, i, "declares no health check")
                    .with(Evidence::new("config.Healthcheck", "none").expected("a probe")),
            );
        }
        out
    })
}

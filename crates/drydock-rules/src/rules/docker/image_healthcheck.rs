use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That each image declares a `HEALTHCHECK` (and not `HEALTHCHECK NONE`).
    ///
    /// ## Why it matters
    /// Without one, the engine and orchestrators cannot tell a hung or hijacked service from
    /// a healthy one, so nothing restarts or flags it.
    ///
    /// ## Remediation
    /// Add `HEALTHCHECK CMD <probe>` to the Dockerfile, or give containers `--health-cmd`.
    pub static RULE = {
        id: "DH068",
        name: "image-without-healthcheck",
        cis: ["4.6"],
        target: Image,
        severity: Low,
        stride: [DenialOfService],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|i, object| match &i.healthcheck {
        Some(test) if test.first().map(String::as_str) != Some("NONE") && !test.is_empty() => {
            Outcome::pass(object, "declares a health check")
                .with(Evidence::new("Config.Healthcheck.Test", test.join(" ")))
        }
        Some(_) => Outcome::fail(object, "health check disabled (HEALTHCHECK NONE)")
            .with(Evidence::new("Config.Healthcheck.Test", "NONE").expected("a probe command")),
        None => Outcome::fail(object, "declares no health check")
            .with(Evidence::new("Config.Healthcheck", "none").expected("a probe command")),
    })
}

use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That each container has a health check (from its image or `--health-cmd`) that is not
    /// disabled (`--no-healthcheck`, `NONE`). The current health status is reported; an
    /// unhealthy container still has its health checked.
    ///
    /// ## Why it matters
    /// Without a health check, a hung or hijacked service looks healthy to the engine and to
    /// anything that restarts or routes around it.
    ///
    /// ## Remediation
    /// Add a `HEALTHCHECK` to the image or run with `--health-cmd`.
    pub static RULE = {
        id: "DH101",
        name: "container-without-healthcheck",
        cis: ["5.27"],
        target: Container,
        severity: Low,
        stride: [DenialOfService],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| match &c.healthcheck {
        Some(test) if !test.is_empty() && test[0] != "NONE" => {
            let mut o = Outcome::pass(object, "has a health check")
                .with(Evidence::new("Config.Healthcheck.Test", test.join(" ")));
            if let Some(status) = &c.health_status {
                o = o.with(Evidence::new("State.Health.Status", status.clone()));
            }
            o
        }
        Some(_) => Outcome::fail(object, "health check disabled")
            .with(Evidence::new("Config.Healthcheck.Test", "NONE").expected("a probe command")),
        None => Outcome::fail(object, "no health check")
            .with(Evidence::new("Config.Healthcheck", "none").expected("a probe command")),
    })
}

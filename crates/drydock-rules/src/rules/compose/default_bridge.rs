use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `network_mode: bridge`, which puts the service on docker0 beside every other container.
    ///
    /// ## Why it matters
    /// On the default bridge, unrelated containers can reach each other.
    ///
    /// ## Remediation
    /// Use the project's own networks (the default) or named networks.
    pub static RULE = {
        id: "CO031",
        name: "compose-default-bridge",
        title: "The service uses the default bridge",
        cis: ["5.30"],
        target: ComposeService,
        severity: Low,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(n) = at(s, "network_mode")
            && n.as_str() == Some("bridge")
        {
            out.push(
                finding(c, s, n, "network_mode: bridge uses docker0")
                    .with(Evidence::new("network_mode", "bridge")),
            );
        }
        out
    })
}

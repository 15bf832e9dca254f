use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Which containers are attached to the default bridge (`docker0`, the network named
    /// `bridge` or marked `com.docker.network.bridge.default_bridge`).
    ///
    /// ## Why it matters
    /// On the default bridge every container can reach every other one unless icc is off, and
    /// there is no name-based isolation between unrelated applications.
    ///
    /// ## Remediation
    /// Create user-defined networks per application and attach containers there
    /// (`--network <name>`).
    pub static RULE = {
        id: "DH104",
        name: "container-on-default-bridge",
        cis: ["5.30"],
        target: Container,
        severity: Low,
        stride: [InformationDisclosure, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let default_names: Vec<String> = ctx
        .engine()
        .map(|e| {
            e.networks
                .iter()
                .filter(|n| {
                    n.options
                        .get("com.docker.network.bridge.default_bridge")
                        .map(String::as_str)
                        == Some("true")
                        || (n.name == "bridge" && n.driver == "bridge")
                })
                .map(|n| n.name.clone())
                .collect()
        })
        .unwrap_or_else(|_| vec!["bridge".into()]);
    ctx.per_container(|c, object| {
        let on_default = c.networks.iter().any(|n| default_names.contains(n));
        let evidence = Evidence::new(
            "networks",
            if c.networks.is_empty() {
                "none".into()
            } else {
                c.networks.join(", ")
            },
        )
        .expected("user-defined networks only");
        if on_default {
            Outcome::fail(object, "attached to the default bridge").with(evidence)
        } else {
            Outcome::pass(object, "not on the default bridge").with(evidence)
        }
    })
}

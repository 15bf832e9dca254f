use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `network_mode: host`.
    ///
    /// ## Why it matters
    /// The container sees every host interface and can bind or sniff host ports.
    ///
    /// ## Remediation
    /// Remove `network_mode: host`.
    pub static RULE = {
        id: "CO013",
        name: "compose-host-network",
        title: "The service uses the host's network",
        cis: ["5.10"],
        target: ComposeService,
        severity: High,
        stride: [InformationDisclosure, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(n) = at(s, "network_mode")
            && n.as_str() == Some("host")
        {
            out.push(
                finding(c, s, n, "network_mode: host")
                    .with(Evidence::new("network_mode", "host").expected("not host")),
            );
        }
        out
    })
}

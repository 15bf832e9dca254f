use super::service::*;
use crate::declare_rule;
use crate::model::{Evidence, Outcome};
use crate::rule::Context;

declare_rule! {
    /// ## What it checks
    /// Published ports without a host address, or with `0.0.0.0` or `::`.
    ///
    /// ## Why it matters
    /// A port on every interface is reachable from every network the host is on.
    ///
    /// ## Remediation
    /// Bind to an address: `"127.0.0.1:8080:80"` or the serving interface.
    pub static RULE = {
        id: "CO012",
        name: "compose-port-all-interfaces",
        title: "A port is published on every interface",
        cis: ["5.14"],
        target: ComposeService,
        severity: Medium,
        stride: [InformationDisclosure, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        for p in ports(s) {
            if p.host_ip
                .as_deref()
                .is_none_or(crate::rules::docker::container_port_interface::is_wildcard)
            {
                out.push(
                    finding(
                        c,
                        s,
                        p.node,
                        format!("publishes {} on every interface", p.target),
                    )
                    .with(
                        Evidence::new("ports", p.node.as_str().unwrap_or("(long syntax)"))
                            .expected("a host address"),
                    ),
                );
            }
        }
        out
    })
}

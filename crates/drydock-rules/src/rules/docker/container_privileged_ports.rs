use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That no container publishes a host port below 1024 (port 1024 itself is not
    /// privileged). Ports the engine picks (`-p 80` with no host port) are above that range.
    ///
    /// ## Why it matters
    /// Ports below 1024 are reserved for services the host's administrator runs; publishing
    /// one can shadow a host service and lets the container receive traffic meant for it.
    ///
    /// ## Remediation
    /// Publish on a port from 1024 up and put a proxy or load balancer in front where a low
    /// port is required.
    pub static RULE = {
        id: "DH082",
        name: "container-publishes-privileged-port",
        cis: ["5.8"],
        target: Container,
        severity: Low,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let low: Vec<Evidence> = c
            .ports
            .iter()
            .filter(|p| p.host_port.parse::<u32>().is_ok_and(|n| n > 0 && n < 1024))
            .map(|p| Evidence::new("port", p.describe()).expected("host port ≥ 1024"))
            .collect();
        if low.is_empty() {
            Outcome::pass(object, "publishes no privileged host port")
        } else {
            Outcome::fail(object, "publishes a privileged host port").with_all(low)
        }
    })
}

use super::container_port_interface::is_wildcard;
use super::swarm_scope::active_swarm;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That the swarm management port (2377) is bound to a specific address, from the host's
    /// table of listening TCP sockets: `0.0.0.0` or `::` fails.
    ///
    /// ## Why it matters
    /// The management port accepts joins and control traffic; on every interface it is
    /// reachable from networks that should never talk to the swarm.
    ///
    /// ## Remediation
    /// Initialise or join with `--listen-addr <ip>:2377` (and `--advertise-addr`).
    pub static RULE = {
        id: "DH110",
        name: "swarm-port-on-all-interfaces",
        cis: ["7.2"],
        target: Swarm,
        severity: Medium,
        stride: [Spoofing, InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    if let Err(o) = active_swarm(ctx) {
        return o;
    }
    let listeners = match ctx.facts.host.tcp_listeners.known() {
        Some(l) => l,
        None => {
            return vec![Outcome::unknown(
                ObjectRef::swarm(),
                format!(
                    "listening sockets could not be read: {}",
                    ctx.facts.host.tcp_listeners.reason().unwrap_or("unknown")
                ),
            )];
        }
    };
    let on_2377: Vec<_> = listeners.iter().filter(|l| l.port == 2377).collect();
    if on_2377.is_empty() {
        return vec![Outcome::pass(
            ObjectRef::swarm(),
            "nothing listens on 2377 on this node",
        )];
    }
    let evidence: Vec<Evidence> = on_2377
        .iter()
        .map(|l| {
            Evidence::new("listener", format!("{}:{}", l.address, l.port))
                .expected("a specific address")
                .source("/proc/net/tcp")
        })
        .collect();
    if on_2377.iter().any(|l| is_wildcard(&l.address)) {
        vec![
            Outcome::fail(
                ObjectRef::swarm(),
                "the management port listens on every interface",
            )
            .with_all(evidence),
        ]
    } else {
        vec![
            Outcome::pass(
                ObjectRef::swarm(),
                "the management port listens on a specific address",
            )
            .with_all(evidence),
        ]
    }
}

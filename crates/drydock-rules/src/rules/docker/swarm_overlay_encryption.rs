use super::swarm_scope::active_swarm;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome, Target};

declare_rule! {
    /// ## What it checks
    /// That every overlay network is created with `--opt encrypted`. The swarm's `ingress`
    /// network is included: it carries published-port traffic between nodes.
    ///
    /// ## Why it matters
    /// Unencrypted overlay traffic crosses the hosts' networks in clear VXLAN packets that
    /// anyone on the path can read or inject into.
    ///
    /// ## Remediation
    /// Create overlay networks with `docker network create -d overlay --opt encrypted <name>`
    /// (recreate ingress the same way if published ports carry sensitive data).
    pub static RULE = {
        id: "DH111",
        name: "swarm-overlay-unencrypted",
        cis: ["7.3"],
        target: Network,
        severity: Medium,
        stride: [InformationDisclosure, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let (engine, _) = match active_swarm(ctx) {
        Ok(v) => v,
        Err(o) => return o,
    };
    let overlays: Vec<_> = engine
        .networks
        .iter()
        .filter(|n| n.driver == "overlay")
        .collect();
    if overlays.is_empty() {
        return vec![Outcome::pass(ObjectRef::swarm(), "no overlay networks")];
    }
    overlays
        .into_iter()
        .map(|n| {
            let object = ObjectRef {
                kind: Target::Network,
                id: n.id.clone(),
                name: n.name.clone(),
            };
            let encrypted = n.options.get("encrypted").is_some_and(|v| {
                v.is_empty() || drydock_settings::daemon::parse_go_bool(v) != Some(false)
            });
            let evidence = Evidence::new(
                "Options.encrypted",
                n.options
                    .get("encrypted")
                    .cloned()
                    .unwrap_or_else(|| "absent".into()),
            )
            .expected("present");
            if encrypted {
                Outcome::pass(object, "traffic is encrypted").with(evidence)
            } else {
                Outcome::fail(
                    object,
                    if n.ingress {
                        "the ingress network is not encrypted"
                    } else {
                        "not encrypted"
                    },
                )
                .with(evidence)
            }
        })
        .collect()
}

use super::swarm_scope::manager_view;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Whether management and data traffic use separate networks. Node and manager addresses are reported for a person to compare with the data path.
    ///
    /// ## Why it matters
    /// Data traffic on the management network exposes control traffic to workloads, and can starve it.
    ///
    /// ## Remediation
    /// Initialise or join with `--data-path-addr` on an interface other than `--advertise-addr`.
    pub static RULE = {
        id: "DH117",
        name: "swarm-planes-not-separated",
        cis: ["7.9"],
        target: Swarm,
        severity: Low,
        stride: [InformationDisclosure, DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let swarm = match manager_view(ctx) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let evidence: Vec<Evidence> = swarm
        .nodes
        .iter()
        .map(|n| {
            Evidence::new(
                format!("node {}", n.hostname),
                format!(
                    "addr {} manager {}",
                    n.addr.clone().unwrap_or_default(),
                    n.manager_addr.clone().unwrap_or_else(|| "-".into())
                ),
            )
        })
        .collect();
    vec![
        Outcome::manual(
            ObjectRef::swarm(),
            "compare the node and manager addresses with the data path addresses",
        )
        .with_all(evidence),
    ]
}

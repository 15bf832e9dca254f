use super::swarm_scope::manager_view;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// The validity of node certificates (`Spec.CAConfig.NodeCertExpiry`), for a person to confirm it fits the rotation policy.
    ///
    /// ## Why it matters
    /// Node certificates authenticate every node; long-lived ones keep a stolen identity usable.
    ///
    /// ## Remediation
    /// Set the validity with `docker swarm update --cert-expiry <duration>`.
    pub static RULE = {
        id: "DH115",
        name: "swarm-node-cert-expiry-unreviewed",
        cis: ["7.7"],
        target: Swarm,
        severity: Low,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let swarm = match manager_view(ctx) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let evidence: Vec<Evidence> = vec![Evidence::new(
        "NodeCertExpiry",
        swarm.node_cert_expiry_ns.map_or("unknown".into(), |ns| {
            format!("{} hours", ns / 3_600_000_000_000)
        }),
    )];
    vec![
        Outcome::manual(
            ObjectRef::swarm(),
            "confirm the node certificate validity fits your rotation policy",
        )
        .with_all(evidence),
    ]
}

use super::swarm_scope::manager_view;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Nothing the engine records about history: whether the swarm's root CA is rotated as policy requires. Whether a rotation is in progress is reported.
    ///
    /// ## Why it matters
    /// A compromised or long-lived CA lets an attacker mint node identities.
    ///
    /// ## Remediation
    /// Rotate with `docker swarm ca --rotate`.
    pub static RULE = {
        id: "DH116",
        name: "swarm-ca-rotation-unreviewed",
        cis: ["7.8"],
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
        "RootRotationInProgress",
        swarm
            .root_rotation_in_progress
            .map_or("unknown".into(), |b| b.to_string()),
    )];
    vec![
        Outcome::manual(
            ObjectRef::swarm(),
            "confirm the root CA is rotated as your policy requires",
        )
        .with_all(evidence),
    ]
}

use super::swarm_scope::manager_view;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Nothing the engine records: whether the swarm's unlock key is rotated on a schedule. The auto-lock state is reported.
    ///
    /// ## Why it matters
    /// A leaked unlock key keeps decrypting manager state until it is rotated.
    ///
    /// ## Remediation
    /// Rotate it periodically with `docker swarm unlock-key --rotate`.
    pub static RULE = {
        id: "DH114",
        name: "swarm-unlock-key-not-rotated",
        cis: ["7.6"],
        target: Swarm,
        severity: Low,
        stride: [InformationDisclosure],
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
        "AutoLockManagers",
        swarm
            .autolock_managers
            .map_or("unknown".into(), |b| b.to_string()),
    )];
    vec![
        Outcome::manual(
            ObjectRef::swarm(),
            "confirm the unlock key is rotated on a schedule",
        )
        .with_all(evidence),
    ]
}

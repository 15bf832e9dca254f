use super::swarm_scope::manager_view;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That the swarm's managers are auto-locked (`Spec.EncryptionConfig.AutoLockManagers`).
    ///
    /// ## Why it matters
    /// Without auto-lock, the keys that decrypt the swarm's Raft log (its secrets included)
    /// sit on each manager's disk; anyone who copies the disk has them.
    ///
    /// ## Remediation
    /// `docker swarm update --autolock=true`, and keep the unlock key in a password manager.
    pub static RULE = {
        id: "DH113",
        name: "swarm-autolock-disabled",
        cis: ["7.5"],
        target: Swarm,
        severity: Medium,
        stride: [InformationDisclosure, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let swarm = match manager_view(ctx) {
        Ok(s) => s,
        Err(o) => return o,
    };
    match swarm.autolock_managers {
        Some(true) => vec![
            Outcome::pass(ObjectRef::swarm(), "managers are auto-locked")
                .with(Evidence::new("AutoLockManagers", "true")),
        ],
        Some(false) => vec![
            Outcome::fail(ObjectRef::swarm(), "managers are not auto-locked")
                .with(Evidence::new("AutoLockManagers", "false").expected("true")),
        ],
        None => vec![Outcome::unknown(
            ObjectRef::swarm(),
            "the auto-lock setting was not reported",
        )],
    }
}

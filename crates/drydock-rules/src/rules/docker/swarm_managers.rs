use super::swarm_scope::active_swarm;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// How many managers the swarm has. One manager, or an odd number up to seven, passes; an
    /// even number (which tolerates no more failures than one fewer) or more than seven (which
    /// slows consensus for no gain) fails.
    ///
    /// ## Why it matters
    /// Each manager holds the swarm's full state and keys; extra managers are extra targets
    /// without extra resilience.
    ///
    /// ## Remediation
    /// Demote surplus managers: `docker node demote <node>`.
    pub static RULE = {
        id: "DH109",
        name: "swarm-too-many-managers",
        cis: ["7.1"],
        target: Swarm,
        severity: Low,
        stride: [ElevationOfPrivilege, DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let (engine, swarm) = match active_swarm(ctx) {
        Ok(v) => v,
        Err(o) => return o,
    };
    let managers = swarm
        .map(|s| s.nodes.iter().filter(|n| n.role == "manager").count() as u64)
        .or(engine.info.swarm.managers);
    let Some(count) = managers else {
        return vec![Outcome::unknown(
            ObjectRef::swarm(),
            "the number of managers is not known",
        )];
    };
    let evidence = Evidence::new("managers", count.to_string()).expected("1, 3, 5 or 7");
    if count == 1 || (count % 2 == 1 && count <= 7) {
        vec![Outcome::pass(ObjectRef::swarm(), format!("{count} manager(s)")).with(evidence)]
    } else {
        vec![
            Outcome::fail(
                ObjectRef::swarm(),
                format!("{count} managers: more targets without more fault tolerance"),
            )
            .with(evidence),
        ]
    }
}

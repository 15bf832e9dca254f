//! Shared gate of the swarm rules (CIS section 7): they apply only to an active swarm, and
//! the swarm's configuration can be read only on a manager.

use crate::rule::Context;
use drydock_model::facts::{EngineFacts, SwarmFacts};
use drydock_model::model::{ObjectRef, Outcome};

/// The engine and the swarm facts, or the outcome that replaces the rule's own.
pub fn active_swarm<'a>(
    ctx: &Context<'a>,
) -> Result<(&'a EngineFacts, Option<&'a SwarmFacts>), Vec<Outcome>> {
    let engine = ctx
        .engine()
        .map_err(|r| vec![Outcome::unknown(ObjectRef::swarm(), r)])?;
    let state = engine.info.swarm.local_node_state.as_str();
    if state.is_empty() || state == "inactive" {
        return Err(vec![Outcome::not_applicable(
            ObjectRef::swarm(),
            "swarm mode is not enabled",
        )]);
    }
    Ok((engine, engine.swarm.as_ref()))
}

/// The swarm facts, which only a manager can read.
pub fn manager_view<'a>(ctx: &Context<'a>) -> Result<&'a SwarmFacts, Vec<Outcome>> {
    let (_, swarm) = active_swarm(ctx)?;
    swarm.ok_or_else(|| {
        vec![Outcome::unknown(
            ObjectRef::swarm(),
            "this node is not a swarm manager, so the swarm's configuration cannot be read here; audit a manager",
        )]
    })
}

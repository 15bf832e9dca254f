use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Whether this engine is part of a swarm (`Swarm.LocalNodeState` is `active`, `pending`
    /// or `locked`). A swarm that is really needed should be waived with a reason.
    ///
    /// ## Why it matters
    /// Swarm mode opens management ports (2377, 7946, 4789) and makes the engine accept work
    /// from the swarm's managers.
    ///
    /// ## Remediation
    /// If the host does not need it: `docker swarm leave` (`--force` on a manager).
    pub static RULE = {
        id: "DH075",
        name: "swarm-mode-enabled",
        cis: ["5.1"],
        target: Daemon,
        severity: Low,
        stride: [ElevationOfPrivilege, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match ctx.engine() {
        Ok(e) => {
            let state = e.info.swarm.local_node_state.clone();
            let evidence = Evidence::new("Swarm.LocalNodeState", state.clone())
                .expected("inactive")
                .source("GET /info");
            if state.is_empty() || state == "inactive" {
                vec![Outcome::pass(ObjectRef::daemon(), "swarm mode is off").with(evidence)]
            } else {
                vec![
                    Outcome::fail(
                        ObjectRef::daemon(),
                        format!("swarm mode is {state}; confirm the host needs it"),
                    )
                    .with(evidence),
                ]
            }
        }
        Err(reason) => vec![Outcome::unknown(ObjectRef::daemon(), reason)],
    }
}

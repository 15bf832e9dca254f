use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// How many containers exist and how many run, for a person to remove stopped ones that
    /// are not needed.
    ///
    /// ## Why it matters
    /// Stopped containers keep their filesystems, configuration and sometimes secrets, and can
    /// be restarted by mistake.
    ///
    /// ## Remediation
    /// Remove stopped containers that are not needed: `docker container prune`.
    pub static RULE = {
        id: "DH108",
        name: "container-sprawl",
        cis: ["6.2"],
        target: Host,
        severity: Info,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match ctx.engine() {
        Ok(e) => vec![
            Outcome::manual(
                ObjectRef::host(),
                format!(
                    "{} containers, {} running",
                    e.info.containers, e.info.containers_running
                ),
            )
            .with(Evidence::new("containers", e.info.containers.to_string()).source("GET /info"))
            .with(Evidence::new(
                "running",
                e.info.containers_running.to_string(),
            )),
        ],
        Err(reason) => vec![Outcome::unknown(ObjectRef::host(), reason)],
    }
}

use super::swarm_scope::manager_view;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::facts::Probe;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// How many swarm secrets exist, for a person to confirm that services take their secrets
    /// from them rather than from environment variables or files in images.
    ///
    /// ## Why it matters
    /// Swarm secrets are encrypted at rest and delivered only to the services that need them;
    /// other ways leak into images, logs and `inspect` output.
    ///
    /// ## Remediation
    /// Create secrets with `docker secret create` and grant them with `--secret`.
    pub static RULE = {
        id: "DH112",
        name: "swarm-secrets-unreviewed",
        cis: ["7.4"],
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
    match &swarm.secrets {
        Probe::Known { value } => vec![
            Outcome::manual(
                ObjectRef::swarm(),
                format!("{value} swarm secret(s); confirm services use them for their secrets"),
            )
            .with(Evidence::new("secrets", value.to_string()).source("GET /secrets")),
        ],
        Probe::Unavailable { reason } => vec![Outcome::unknown(
            ObjectRef::swarm(),
            format!("secrets could not be listed: {reason}"),
        )],
    }
}

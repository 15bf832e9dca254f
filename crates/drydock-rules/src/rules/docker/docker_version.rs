use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// The engine's version, for a person to compare with the current releases. drydock works
    /// offline and does not guess what is current.
    ///
    /// ## Why it matters
    /// Engine and runtime releases fix container escapes; an old engine keeps them open.
    ///
    /// ## Remediation
    /// Upgrade Docker Engine, containerd and runc through the host's package manager.
    pub static RULE = {
        id: "DH020",
        name: "docker-version-unreviewed",
        cis: ["1.2.2"],
        target: Daemon,
        severity: Medium,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match ctx.engine() {
        Ok(engine) => vec![
            Outcome::manual(
                ObjectRef::daemon(),
                format!(
                    "confirm that Docker {} is a supported, patched release",
                    engine.version.version
                ),
            )
            .with(
                Evidence::new("server version", engine.version.version.clone())
                    .source("GET /version"),
            )
            .with(Evidence::new(
                "API version",
                engine.version.api_version.clone(),
            )),
        ],
        Err(reason) => vec![Outcome::unknown(ObjectRef::daemon(), reason)],
    }
}

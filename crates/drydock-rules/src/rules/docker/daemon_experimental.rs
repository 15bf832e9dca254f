use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That experimental features are off, on any engine version: the engine's
    /// `ExperimentalBuild` (or `Experimental` in `/version`), else `experimental`.
    ///
    /// ## Why it matters
    /// Experimental features are unfinished and receive less security review.
    ///
    /// ## Remediation
    /// Remove `--experimental` / `"experimental": true` and restart dockerd.
    pub static RULE = {
        id: "DH038",
        name: "daemon-experimental-enabled",
        cis: ["2.18"],
        target: Daemon,
        severity: Low,
        stride: [ElevationOfPrivilege, DenialOfService],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    if let Ok(engine) = ctx.engine()
        && let Some(on) = engine
            .info
            .experimental_build
            .or(engine.version.experimental)
    {
        let evidence = Evidence::new("Experimental", on.to_string())
            .expected("false")
            .source("GET /info, GET /version");
        return vec![if on {
            Outcome::fail(object, "experimental features are on").with(evidence)
        } else {
            Outcome::pass(object, "experimental features are off").with(evidence)
        }];
    }
    let lookup = ctx.daemon.lookup("experimental");
    match lookup.as_bool(false) {
        Ok(true) => vec![
            Outcome::fail(object, "experimental features are on").with(setting_evidence(
                "experimental",
                &lookup,
                "true",
                "false",
            )),
        ],
        Ok(false) => vec![
            Outcome::pass(object, "experimental features are off").with(setting_evidence(
                "experimental",
                &lookup,
                "false",
                "false",
            )),
        ],
        Err(reason) => vec![Outcome::unknown(
            object,
            format!("experimental cannot be determined: {reason}"),
        )],
    }
}

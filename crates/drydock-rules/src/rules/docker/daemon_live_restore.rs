use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::fix::{TextEdit, json::set_key};
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// That live restore is on (the engine's `LiveRestoreEnabled`, else `live-restore`), so
    /// containers keep running while dockerd restarts. Swarm mode does not support it, so on
    /// an active swarm node the control does not apply.
    ///
    /// ## Why it matters
    /// Without it, every daemon restart — an upgrade, a crash — stops every container.
    ///
    /// ## Remediation
    /// Set `"live-restore": true` in daemon.json and reload dockerd (`systemctl reload docker`).
    ///
    /// ## Fix
    /// Unsafe: `drydock fix --unsafe` sets `"live-restore": true` in daemon.json. dockerd refuses
    /// to start with it in swarm mode; it takes effect at the next restart.
    pub static RULE = {
        id: "DH035",
        name: "daemon-live-restore-disabled",
        cis: ["2.15"],
        target: Daemon,
        severity: Low,
        stride: [DenialOfService],
        fix: Available,
        fixer: (Unsafe, "set \"live-restore\": true in daemon.json", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    if let Ok(engine) = ctx.engine() {
        if engine.info.swarm.local_node_state == "active" {
            return vec![Outcome::not_applicable(
                object,
                "live restore is not supported in swarm mode",
            )];
        }
        if let Some(on) = engine.info.live_restore_enabled {
            let evidence = Evidence::new("LiveRestoreEnabled", on.to_string())
                .expected("true")
                .source("GET /info");
            return vec![if on {
                Outcome::pass(object, "live restore is on").with(evidence)
            } else {
                Outcome::fail(object, "a daemon restart stops every container").with(evidence)
            }];
        }
    }
    let lookup = ctx.daemon.lookup("live-restore");
    match lookup.as_bool(false) {
        Ok(true) => vec![
            Outcome::pass(object, "live restore is on").with(setting_evidence(
                "live-restore",
                &lookup,
                "true",
                "true",
            )),
        ],
        Ok(false) => {
            vec![
                Outcome::fail(object, "a daemon restart stops every container")
                    .with(setting_evidence("live-restore", &lookup, "false", "true")),
            ]
        }
        Err(reason) => vec![Outcome::unknown(
            object,
            format!("live-restore cannot be determined: {reason}"),
        )],
    }
}

fn fix(text: &str, _: &ResultEntry) -> Option<Vec<TextEdit>> {
    set_key(text, "live-restore", "true")
}

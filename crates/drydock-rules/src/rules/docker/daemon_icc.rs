use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::fix::{TextEdit, json::set_key};
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// That containers on the default bridge cannot talk to each other: `icc` is `false` in the
    /// daemon's settings. When the engine answers, the default bridge's own option
    /// `com.docker.network.bridge.enable_icc` (what dockerd actually applied) decides.
    ///
    /// ## Why it matters
    /// With inter-container communication on, any container on the default bridge can reach
    /// every other one's ports: one compromised container can probe and attack the rest.
    ///
    /// ## Remediation
    /// Set `"icc": false` in daemon.json (or `--icc=false`) and restart dockerd; link the
    /// containers that must talk through user-defined networks.
    ///
    /// ## Fix
    /// Unsafe: `drydock fix --unsafe` sets `"icc": false` in daemon.json. Containers on the default
    /// bridge that talk to each other stop reaching each other; dockerd must be restarted.
    pub static RULE = {
        id: "DH022",
        name: "daemon-icc-enabled",
        cis: ["2.2"],
        target: Daemon,
        severity: Medium,
        stride: [InformationDisclosure, Tampering, Spoofing],
        fix: Available,
        fixer: (Unsafe, "set \"icc\": false in daemon.json", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    // The default bridge's options are what dockerd really applied.
    let bridge = ctx.engine().ok().and_then(|e| {
        e.networks.iter().find(|n| {
            n.options
                .get("com.docker.network.bridge.default_bridge")
                .map(String::as_str)
                == Some("true")
                || (n.name == "bridge" && n.driver == "bridge")
        })
    });
    if let Some(value) = bridge.and_then(|b| b.options.get("com.docker.network.bridge.enable_icc"))
    {
        let evidence = Evidence::new("com.docker.network.bridge.enable_icc", value.clone())
            .expected("false")
            .source("GET /networks (default bridge)");
        return vec![if value == "false" {
            Outcome::pass(
                object,
                "inter-container communication is off on the default bridge",
            )
            .with(evidence)
        } else {
            Outcome::fail(
                object,
                "containers on the default bridge can reach each other",
            )
            .with(evidence)
        }];
    }
    let lookup = ctx.daemon.lookup("icc");
    match lookup.as_bool(true) {
        Ok(false) => vec![
            Outcome::pass(object, "icc is false")
                .with(setting_evidence("icc", &lookup, "false", "false")),
        ],
        Ok(true) => vec![
            Outcome::fail(
                object,
                "containers on the default bridge can reach each other",
            )
            .with(setting_evidence("icc", &lookup, "true", "false")),
        ],
        Err(reason) => vec![Outcome::unknown(
            object,
            format!("icc cannot be determined: {reason}"),
        )],
    }
}

fn fix(text: &str, _: &ResultEntry) -> Option<Vec<TextEdit>> {
    set_key(text, "icc", "false")
}

use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That dockerd logs at level `info`. The level comes from `--log-level`/`-l` on the
    /// command line, else `log-level` in daemon.json, else the default `info`; `--debug`/`-D`
    /// or `"debug": true` forces `debug` whatever the level says.
    ///
    /// ## Why it matters
    /// Below `info` (warn, error, fatal) the daemon drops events an investigation needs; at
    /// `debug` it logs request details, secrets among them, and floods the log.
    ///
    /// ## Remediation
    /// Remove `--log-level`/`--debug`, or set `"log-level": "info"` in daemon.json, and restart dockerd.
    pub static RULE = {
        id: "DH023",
        name: "daemon-log-level-not-info",
        cis: ["2.3"],
        target: Daemon,
        severity: Low,
        stride: [Repudiation],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    let level = ctx.daemon.lookup("log-level");
    let debug = ctx.daemon.lookup("debug");
    // An explicit level other than info fails whatever debug mode says.
    let shown = match level.as_string() {
        Ok(value) => value.unwrap_or_else(|| "info".into()),
        Err(reason) => {
            return vec![Outcome::unknown(
                object,
                format!("log-level cannot be determined: {reason}"),
            )];
        }
    };
    let level_evidence = setting_evidence("log-level", &level, &shown, "info");
    if !shown.eq_ignore_ascii_case("info") {
        return vec![
            Outcome::fail(object, format!("dockerd logs at level {shown}")).with(level_evidence),
        ];
    }
    match debug.as_bool(false) {
        Ok(true) => vec![
            Outcome::fail(object, "debug mode is on, so dockerd logs at debug level")
                .with(setting_evidence("debug", &debug, "true", "false")),
        ],
        Ok(false) => vec![Outcome::pass(object, "dockerd logs at info level").with(level_evidence)],
        Err(reason) => vec![Outcome::unknown(
            object,
            format!("debug mode cannot be determined: {reason}"),
        )],
    }
}

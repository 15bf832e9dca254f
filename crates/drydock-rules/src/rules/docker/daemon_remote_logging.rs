use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That container logs leave the host: the default logging driver (as the engine reports
    /// it, else `log-driver`) ships to a remote collector (`syslog` with a remote address,
    /// `gelf`, `fluentd`, `awslogs`, `splunk`, `gcplogs`, `logentries`, `etwlogs`). `json-file`,
    /// `local` and `none` keep logs on the host or drop them. `journald` and a local `syslog`
    /// are left for a person to confirm that the host forwards them.
    ///
    /// ## Why it matters
    /// Logs kept only on the host can be erased by whoever compromises it, and are lost with it.
    ///
    /// ## Remediation
    /// Set `"log-driver"` to a remote driver with its `log-opts` (for example
    /// `"syslog-address": "tcp://logs.example:514"`), or forward journald to a collector.
    pub static RULE = {
        id: "DH033",
        name: "daemon-logs-not-remote",
        cis: ["2.13"],
        target: Daemon,
        severity: Low,
        stride: [Repudiation],
        fix: None,
        check: check,
    };
}

const REMOTE: &[&str] = &[
    "gelf",
    "fluentd",
    "awslogs",
    "splunk",
    "gcplogs",
    "logentries",
    "etwlogs",
];

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    let (driver, source) = match ctx.engine() {
        Ok(e) => (e.info.logging_driver.clone(), "GET /info".to_string()),
        Err(_) => {
            let lookup = ctx.daemon.lookup("log-driver");
            match lookup.as_string() {
                Ok(v) => (v.unwrap_or_else(|| "json-file".into()), lookup.source()),
                Err(reason) => {
                    return vec![Outcome::unknown(
                        object,
                        format!("log driver cannot be determined: {reason}"),
                    )];
                }
            }
        }
    };
    let evidence = Evidence::new("logging driver", driver.clone())
        .expected("a remote driver")
        .source(source);
    let syslog_remote = ctx
        .daemon
        .lookup("log-opts")
        .value()
        .and_then(|v| {
            v.get("syslog-address")
                .and_then(|a| a.as_str())
                .map(str::to_string)
        })
        .filter(|a| !a.starts_with("unix"));
    match driver.as_str() {
        d if REMOTE.contains(&d) => vec![
            Outcome::pass(object, format!("logs are shipped by the {d} driver")).with(evidence),
        ],
        "syslog" => match syslog_remote {
            Some(address) => {
                vec![Outcome::pass(object, format!("logs are shipped to {address}")).with(evidence)]
            }
            None => vec![
                Outcome::manual(
                    object,
                    "logs go to the local syslog; confirm it forwards them",
                )
                .with(evidence),
            ],
        },
        "journald" => vec![
            Outcome::manual(
                object,
                "logs go to the host journal; confirm it forwards them",
            )
            .with(evidence),
        ],
        _ => {
            vec![Outcome::fail(object, format!("logs stay on the host ({driver})")).with(evidence)]
        }
    }
}

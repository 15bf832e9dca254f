use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Which seccomp profile the daemon applies by default (the engine's
    /// `name=seccomp,profile=…`). `unconfined` fails; a custom profile or the default one is
    /// left for a person to judge against the workloads.
    ///
    /// ## Why it matters
    /// The default profile blocks about 44 system calls used in kernel exploits; a daemon-wide
    /// `unconfined` removes that from every container.
    ///
    /// ## Remediation
    /// Keep the default profile, or set `seccomp-profile` to a reviewed, stricter one.
    pub static RULE = {
        id: "DH037",
        name: "daemon-seccomp-profile-review",
        cis: ["2.17"],
        target: Daemon,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    let engine = match ctx.engine() {
        Ok(e) => e,
        Err(reason) => return vec![Outcome::unknown(object, reason)],
    };
    let seccomp = engine
        .info
        .security_options
        .iter()
        .find(|o| o.contains("name=seccomp"));
    let Some(option) = seccomp else {
        return vec![
            Outcome::fail(object, "seccomp is not available to the daemon").with(
                Evidence::new("SecurityOptions", engine.info.security_options.join("; "))
                    .source("GET /info"),
            ),
        ];
    };
    let profile = option
        .split(',')
        .find_map(|p| p.strip_prefix("profile="))
        .unwrap_or("default");
    let evidence = Evidence::new("seccomp profile", profile).source("GET /info");
    if profile == "unconfined" {
        vec![
            Outcome::fail(
                object,
                "the daemon runs containers without seccomp by default",
            )
            .with(evidence),
        ]
    } else {
        vec![
            Outcome::manual(
                object,
                format!(
                    "containers get the {profile} seccomp profile; confirm it fits the workloads"
                ),
            )
            .with(evidence),
        ]
    }
}

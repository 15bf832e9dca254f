use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};
use drydock_settings::daemon::parse_go_bool;

declare_rule! {
    /// ## What it checks
    /// That Docker Content Trust is on for the auditing user: `DOCKER_CONTENT_TRUST` is true
    /// (as the docker CLI reads it: `1`, `t`, `true`…) in drydock's environment or in
    /// `/etc/environment`.
    ///
    /// ## Why it matters
    /// Without content trust, `docker pull` and `docker run` accept unsigned images, so a
    /// tampered registry or tag goes unnoticed.
    ///
    /// ## Remediation
    /// `export DOCKER_CONTENT_TRUST=1` in the profile of every user who pulls images, or set it
    /// in `/etc/environment`.
    pub static RULE = {
        id: "DH067",
        name: "content-trust-disabled",
        cis: ["4.5"],
        target: Host,
        severity: Medium,
        stride: [Tampering, Spoofing],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let trust = &ctx.facts.host.content_trust;
    let object = ObjectRef::host();
    let on = |v: &Option<String>| v.as_deref().and_then(parse_go_bool).unwrap_or(false);
    let evidence = [
        Evidence::new(
            "DOCKER_CONTENT_TRUST",
            trust.process_env.clone().unwrap_or_else(|| "unset".into()),
        )
        .expected("1")
        .source("environment of the audit"),
        Evidence::new(
            "DOCKER_CONTENT_TRUST",
            trust
                .etc_environment
                .clone()
                .unwrap_or_else(|| "unset".into()),
        )
        .expected("1")
        .source("/etc/environment"),
    ];
    if on(&trust.process_env) || on(&trust.etc_environment) {
        vec![Outcome::pass(object, "content trust is on").with_all(evidence)]
    } else {
        vec![
            Outcome::fail(object, "content trust is off: unsigned images are accepted")
                .with_all(evidence),
        ]
    }
}

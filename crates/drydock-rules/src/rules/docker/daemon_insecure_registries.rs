use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That no registry is marked insecure (`--insecure-registry`, `insecure-registries`).
    /// The loopback range `127.0.0.0/8`, which the engine always lists, is not counted.
    ///
    /// ## Why it matters
    /// Images from an insecure registry travel without TLS verification: anyone on the path
    /// can serve a different image under the same name.
    ///
    /// ## Remediation
    /// Remove the entries and give the registries certificates the daemon trusts
    /// (`/etc/docker/certs.d/<registry>/ca.crt`).
    pub static RULE = {
        id: "DH025",
        name: "daemon-insecure-registries",
        cis: ["2.5"],
        target: Daemon,
        severity: High,
        stride: [Tampering, Spoofing],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    let lookup = ctx.daemon.lookup("insecure-registries");
    let configured = lookup.as_list().ok();
    let from_engine: Option<Vec<String>> = ctx.engine().ok().map(|e| {
        e.info
            .insecure_registry_cidrs
            .iter()
            .chain(e.info.insecure_registries.iter())
            .filter(|r| r.as_str() != "127.0.0.0/8" && r.as_str() != "::1/128")
            .cloned()
            .collect()
    });
    let mut found: Vec<String> = configured.clone().unwrap_or_default();
    for r in from_engine.iter().flatten() {
        if !found.contains(r) {
            found.push(r.clone());
        }
    }
    if configured.is_none() && from_engine.is_none() {
        return vec![Outcome::unknown(
            object,
            format!(
                "insecure registries cannot be determined: {}",
                lookup.source()
            ),
        )];
    }
    let mut evidence = vec![setting_evidence(
        "insecure-registries",
        &lookup,
        &configured.map_or_else(
            || "unknown".into(),
            |c| {
                if c.is_empty() {
                    "none".into()
                } else {
                    c.join(", ")
                }
            },
        ),
        "none",
    )];
    if let Some(engine) = from_engine {
        evidence.push(
            Evidence::new(
                "RegistryConfig (beyond loopback)",
                if engine.is_empty() {
                    "none".into()
                } else {
                    engine.join(", ")
                },
            )
            .source("GET /info"),
        );
    }
    if found.is_empty() {
        vec![Outcome::pass(object, "no insecure registries").with_all(evidence)]
    } else {
        vec![
            Outcome::fail(object, format!("insecure registries: {}", found.join(", ")))
                .with_all(evidence),
        ]
    }
}

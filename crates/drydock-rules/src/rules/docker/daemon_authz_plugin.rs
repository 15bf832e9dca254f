use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That an authorization plugin vets API requests: the engine lists one under
    /// `Plugins.Authorization`, or `--authorization-plugin`/`authorization-plugins` names one.
    ///
    /// ## Why it matters
    /// Without one, every client that reaches the socket may do everything, including start
    /// privileged containers; nothing distinguishes a read-only operator from an admin.
    ///
    /// ## Remediation
    /// Install an authorization plugin (for example OPA's docker-authz) and name it in
    /// `authorization-plugins`.
    pub static RULE = {
        id: "DH032",
        name: "daemon-authorization-plugin-missing",
        cis: ["2.12"],
        target: Daemon,
        severity: Medium,
        stride: [ElevationOfPrivilege, Repudiation],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    if let Ok(engine) = ctx.engine() {
        let plugins = &engine.info.authorization_plugins;
        let evidence = Evidence::new(
            "Plugins.Authorization",
            if plugins.is_empty() {
                "none".into()
            } else {
                plugins.join(", ")
            },
        )
        .expected("at least one")
        .source("GET /info");
        return vec![if plugins.is_empty() {
            Outcome::fail(object, "no authorization plugin vets API requests").with(evidence)
        } else {
            Outcome::pass(object, "an authorization plugin vets API requests").with(evidence)
        }];
    }
    let lookup = ctx.daemon.lookup("authorization-plugins");
    match lookup.as_list() {
        Ok(list) if list.is_empty() => vec![
            Outcome::fail(object, "no authorization plugin vets API requests").with(
                setting_evidence("authorization-plugins", &lookup, "none", "at least one"),
            ),
        ],
        Ok(list) => vec![
            Outcome::pass(object, "an authorization plugin vets API requests").with(
                setting_evidence(
                    "authorization-plugins",
                    &lookup,
                    &list.join(", "),
                    "at least one",
                ),
            ),
        ],
        Err(reason) => vec![Outcome::unknown(
            object,
            format!("authorization plugins cannot be determined: {reason}"),
        )],
    }
}

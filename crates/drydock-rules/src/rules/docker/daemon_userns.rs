use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That user-namespace remapping is on: the engine lists `name=userns` in its security
    /// options, or `userns-remap` is set.
    ///
    /// ## Why it matters
    /// Without remapping, root in a container is root on the host; a process that escapes
    /// keeps uid 0. Remapped, it lands as an unprivileged host user.
    ///
    /// ## Remediation
    /// Set `"userns-remap": "default"` and restart dockerd (images are re-pulled under the
    /// remapped root; host-network and privileged containers need `--userns=host`).
    pub static RULE = {
        id: "DH029",
        name: "daemon-userns-remap-disabled",
        cis: ["2.9"],
        target: Daemon,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    if let Ok(engine) = ctx.engine() {
        let on = engine
            .info
            .security_options
            .iter()
            .any(|o| o.contains("name=userns") || o.contains("name=rootless"));
        let evidence = Evidence::new("SecurityOptions", engine.info.security_options.join("; "))
            .expected("name=userns")
            .source("GET /info");
        return vec![if on {
            Outcome::pass(object, "user namespaces are remapped").with(evidence)
        } else {
            Outcome::fail(object, "root in a container is root on the host").with(evidence)
        }];
    }
    let lookup = ctx.daemon.lookup("userns-remap");
    match lookup.as_string() {
        Ok(Some(v)) if !v.is_empty() => vec![
            Outcome::pass(object, format!("userns-remap is {v}")).with(setting_evidence(
                "userns-remap",
                &lookup,
                &v,
                "set",
            )),
        ],
        Ok(_) => vec![
            Outcome::fail(object, "root in a container is root on the host")
                .with(setting_evidence("userns-remap", &lookup, "unset", "set")),
        ],
        Err(reason) => vec![Outcome::unknown(
            object,
            format!("userns-remap cannot be determined: {reason}"),
        )],
    }
}

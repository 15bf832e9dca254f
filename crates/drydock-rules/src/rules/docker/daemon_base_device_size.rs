use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That no storage option raises the base device size (`dm.basesize` in `--storage-opt` or
    /// `storage-opts`).
    ///
    /// ## Why it matters
    /// A larger base device lets every container's filesystem grow further, so one container
    /// can fill the host's storage.
    ///
    /// ## Remediation
    /// Remove `dm.basesize` unless a workload needs it, then restart dockerd.
    pub static RULE = {
        id: "DH031",
        name: "daemon-base-device-size-changed",
        cis: ["2.11"],
        target: Daemon,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let lookup = ctx.daemon.lookup("storage-opts");
    match lookup.as_list() {
        Ok(opts) => {
            let shown = if opts.is_empty() {
                "none".to_string()
            } else {
                opts.join(", ")
            };
            let evidence = setting_evidence("storage-opts", &lookup, &shown, "no dm.basesize");
            if opts
                .iter()
                .any(|o| o.trim_start().starts_with("dm.basesize"))
            {
                vec![
                    Outcome::fail(ObjectRef::daemon(), "the base device size is changed")
                        .with(evidence),
                ]
            } else {
                vec![
                    Outcome::pass(ObjectRef::daemon(), "the base device size is not changed")
                        .with(evidence),
                ]
            }
        }
        Err(reason) => vec![Outcome::unknown(
            ObjectRef::daemon(),
            format!("storage-opts cannot be determined: {reason}"),
        )],
    }
}

use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Volumes with `shared` or `rshared` propagation.
    ///
    /// ## Why it matters
    /// Mounts the container makes appear on the host.
    ///
    /// ## Remediation
    /// Use the default private propagation.
    pub static RULE = {
        id: "CO010",
        name: "compose-shared-propagation",
        title: "A mount propagates to the host",
        cis: ["5.20"],
        target: ComposeService,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        for m in mounts(s) {
            if let Some(p) = &m.propagation
                && (p == "shared" || p == "rshared")
            {
                out.push(
                    finding(c, s, m.node, format!("{} propagation", p)).with(Evidence::new(
                        "volume",
                        format!("{}:{}", m.source, m.target),
                    )),
                );
            }
        }
        out
    })
}

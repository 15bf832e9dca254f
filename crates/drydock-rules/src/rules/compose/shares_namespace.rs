use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `network_mode`, `pid` or `ipc` set to `service:<name>` or `container:<name>`, reported for review.
    ///
    /// ## Why it matters
    /// The services see each other's network, processes or shared memory: a compromise of one reaches the other.
    ///
    /// ## Remediation
    /// Share only when the sidecar design needs it.
    pub static RULE = {
        id: "CO030",
        name: "compose-shares-namespace",
        title: "The service joins another container's namespace",
        cis: ["5.10", "5.16", "5.17"],
        target: ComposeService,
        severity: Low,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        for key in ["network_mode", "pid", "ipc"] {
            if let Some(n) = at(s, key)
                && let Some(v) = n.as_str()
                && (v.starts_with("service:") || v.starts_with("container:"))
            {
                out.push(
                    Outcome::manual(object(c, s), format!("{key}: {v} shares a namespace"))
                        .at(c.path_of(n), n.pos.line, n.pos.column)
                        .with(Evidence::new(key, v)),
                );
            }
        }
        out
    })
}

use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `ipc: host`.
    ///
    /// ## Why it matters
    /// The container reaches the host's shared memory.
    ///
    /// ## Remediation
    /// Remove `ipc: host`.
    pub static RULE = {
        id: "CO015",
        name: "compose-host-ipc",
        title: "The service shares the host's IPC namespace",
        cis: ["5.17"],
        target: ComposeService,
        severity: Medium,
        stride: [InformationDisclosure, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(n) = at(s, "ipc")
            && n.as_str() == Some("host")
        {
            out.push(
                finding(c, s, n, "ipc: host")
                    .with(Evidence::new("ipc", "host").expected("not host")),
            );
        }
        out
    })
}

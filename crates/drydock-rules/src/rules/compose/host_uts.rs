use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `uts: host`.
    ///
    /// ## Why it matters
    /// The container can change the host's hostname.
    ///
    /// ## Remediation
    /// Remove `uts: host`.
    pub static RULE = {
        id: "CO016",
        name: "compose-host-uts",
        title: "The service shares the host's UTS namespace",
        cis: ["5.21"],
        target: ComposeService,
        severity: Low,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(n) = at(s, "uts")
            && n.as_str() == Some("host")
        {
            out.push(
                finding(c, s, n, "uts: host")
                    .with(Evidence::new("uts", "host").expected("not host")),
            );
        }
        out
    })
}

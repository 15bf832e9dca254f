use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `pid: host`.
    ///
    /// ## Why it matters
    /// The container sees and can signal every host process.
    ///
    /// ## Remediation
    /// Remove `pid: host`.
    pub static RULE = {
        id: "CO014",
        name: "compose-host-pid",
        title: "The service shares the host's PID namespace",
        cis: ["5.16"],
        target: ComposeService,
        severity: High,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(n) = at(s, "pid")
            && n.as_str() == Some("host")
        {
            out.push(
                finding(c, s, n, "pid: host")
                    .with(Evidence::new("pid", "host").expected("not host")),
            );
        }
        out
    })
}

use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `userns_mode: host`.
    ///
    /// ## Why it matters
    /// Root in the container is root on the host again.
    ///
    /// ## Remediation
    /// Remove `userns_mode: host`.
    pub static RULE = {
        id: "CO017",
        name: "compose-host-userns",
        title: "The service opts out of user-namespace remapping",
        cis: ["5.31"],
        target: ComposeService,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(n) = at(s, "userns_mode")
            && n.as_str() == Some("host")
        {
            out.push(
                finding(c, s, n, "userns_mode: host")
                    .with(Evidence::new("userns_mode", "host").expected("not host")),
            );
        }
        out
    })
}

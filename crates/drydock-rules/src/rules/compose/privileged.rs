use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `privileged: true`.
    ///
    /// ## Why it matters
    /// A privileged container has every capability and device and no confinement: root in it is root on the host.
    ///
    /// ## Remediation
    /// Remove `privileged`; add only the capability or device needed.
    pub static RULE = {
        id: "CO001",
        name: "compose-privileged",
        title: "The service runs privileged",
        cis: ["5.5"],
        target: ComposeService,
        severity: Critical,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if let Some(n) = at(s, "privileged")
            && n.as_bool() == Some(true)
        {
            out.push(
                finding(c, s, n, "privileged: true")
                    .with(Evidence::new("privileged", "true").expected("false")),
            );
        }
        out
    })
}

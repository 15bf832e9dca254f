use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `devices` entries.
    ///
    /// ## Why it matters
    /// A device node gives direct access to hardware or kernel drivers.
    ///
    /// ## Remediation
    /// Remove devices the service does not need.
    pub static RULE = {
        id: "CO023",
        name: "compose-host-devices",
        title: "Host devices are mapped in",
        cis: ["5.18"],
        target: ComposeService,
        severity: Medium,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        for n in list(s, "devices") {
            out.push(
                finding(
                    c,
                    s,
                    n,
                    format!("maps device {}", n.as_str().unwrap_or("(long syntax)")),
                )
                .with(Evidence::new("devices", n.as_str().unwrap_or(""))),
            );
        }
        out
    })
}

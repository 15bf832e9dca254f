use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Published ports that reach an administration service in the container: 22 (SSH), 23, 2375/2376 (Docker API), 3389, 5900.
    ///
    /// ## Why it matters
    /// An administration service is a way in outside the platform's access control.
    ///
    /// ## Remediation
    /// Remove the service and the port.
    pub static RULE = {
        id: "CO032",
        name: "compose-admin-port-published",
        title: "A remote administration port is published",
        cis: ["5.7", "5.9"],
        target: ComposeService,
        severity: Medium,
        stride: [Spoofing, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        for p in ports(s) {
            if let Some(port) = p
                .target
                .split('/')
                .next()
                .and_then(|t| t.parse::<u16>().ok())
                && let Some(svc) = crate::rules::dockerfile::expose_admin_port::admin_service(port)
            {
                out.push(
                    finding(
                        c,
                        s,
                        p.node,
                        format!("publishes container port {port} ({svc})"),
                    )
                    .with(Evidence::new("ports", p.target.clone())),
                );
            }
        }
        out
    })
}

use super::archived::{finding, per_archived_image};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `ExposedPorts` of 22, 23, 2375, 2376, 3389 or 5900.
    ///
    /// ## Why it matters
    /// An administration service is a way in outside the platform's access control.
    ///
    /// ## Remediation
    /// Remove the service and the `EXPOSE`.
    pub static RULE = {
        id: "AR004",
        name: "archived-image-exposes-admin-port",
        title: "The image exposes a remote administration port",
        cis: ["5.7"],
        target: ImageArchive,
        severity: Medium,
        stride: [Spoofing, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_archived_image(ctx, |a, i| {
        let mut out: Vec<Outcome> = Vec::new();
        for p in &i.exposed_ports {
            if let Some(port) = p.split('/').next().and_then(|x| x.parse::<u16>().ok())
                && let Some(svc) = crate::rules::dockerfile::expose_admin_port::admin_service(port)
            {
                out.push(
                    finding(a, i, format!("exposes {p} ({svc})"))
                        .with(Evidence::new("ExposedPorts", p.clone())),
                );
            }
        }
        out
    })
}

use super::shell::{finding, shipped_lines};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::dockerfile::shell_words;

/// Ports of remote administration services.
pub fn admin_service(port: u16) -> Option<&'static str> {
    match port {
        22 => Some("SSH"),
        23 => Some("telnet"),
        2375 => Some("the Docker API without TLS"),
        2376 => Some("the Docker API"),
        3389 => Some("RDP"),
        5900 => Some("VNC"),
        _ => None,
    }
}

declare_rule! {
    /// ## What it checks
    /// `EXPOSE` of a remote administration port: 22 (SSH), 23 (telnet), 2375/2376 (the Docker
    /// API), 3389 (RDP), 5900 (VNC).
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`; an
    /// `EXPOSE` in a stage only copied from is not in the image.
    ///
    /// ## Why it matters
    /// An administration service in a container is a way in outside the platform's own access
    /// control and audit.
    ///
    /// ## Remediation
    /// Remove the service and the `EXPOSE`; use `docker exec` or the orchestrator for access.
    pub static RULE = {
        id: "DF016",
        name: "dockerfile-exposes-admin-port",
        title: "The image exposes a remote administration port",
        cis: ["5.7"],
        target: Dockerfile,
        severity: Medium,
        stride: [Spoofing, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        let shipped = shipped_lines(ctx, d, file);
        file.instructions
            .iter()
            .filter(|i| i.keyword == "EXPOSE" && shipped.contains(&i.line))
            .flat_map(|i| {
                shell_words(&i.args.text())
                    .into_iter()
                    .filter_map(|p| {
                        let port: u16 = p.split('/').next()?.parse().ok()?;
                        admin_service(port).map(|s| (p.clone(), s))
                    })
                    .map(|(p, s)| {
                        finding(d, i, format!("exposes {p} ({s})")).with(Evidence::new("EXPOSE", p))
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}

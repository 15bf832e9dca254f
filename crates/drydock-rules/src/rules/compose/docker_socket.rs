use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Bind mounts of `docker.sock` or of the directories holding it (`/run`, `/var/run`).
    ///
    /// ## Why it matters
    /// The socket is the daemon's full API: the container can start a privileged container and take the host.
    ///
    /// ## Remediation
    /// Remove the mount; put an authorizing proxy in front of the API if a tool needs it.
    pub static RULE = {
        id: "CO009",
        name: "compose-docker-socket",
        title: "The Docker socket is mounted",
        cis: ["5.32"],
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
        for m in mounts(s) {
            let src = m.source.trim_end_matches('/');
            if m.bind && (src.ends_with("docker.sock") || src == "/run" || src == "/var/run") {
                out.push(
                    finding(
                        c,
                        s,
                        m.node,
                        format!("mounts {}, which gives the Docker API", m.source),
                    )
                    .with(Evidence::new(
                        "volume",
                        format!("{}:{}", m.source, m.target),
                    )),
                );
            }
        }
        out
    })
}

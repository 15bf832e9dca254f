use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Bind mounts of `/`, `/boot`, `/dev`, `/etc`, `/lib`, `/lib64`, `/proc`, `/sys`, `/usr`, `/run`, `/var/run` or anything below them, without `:ro`.
    ///
    /// ## Why it matters
    /// A writable host system directory lets the container change the host.
    ///
    /// ## Remediation
    /// Mount only the files needed, read-only.
    pub static RULE = {
        id: "CO008",
        name: "compose-sensitive-host-mount",
        title: "A sensitive host directory is mounted read-write",
        cis: ["5.6"],
        target: ComposeService,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        for m in mounts(s) {
            if m.bind
                && !m.read_only
                && let Some(dir) =
                    crate::rules::docker::container_sensitive_mounts::sensitive_root(&m.source)
            {
                out.push(
                    finding(c, s, m.node, format!("mounts {} read-write", m.source)).with(
                        Evidence::new("volume", format!("{}:{}", m.source, m.target))
                            .expected(format!("no writable mount of {dir}")),
                    ),
                );
            }
        }
        out
    })
}

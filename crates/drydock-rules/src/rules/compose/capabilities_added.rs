use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `cap_add` entries beyond Docker's default set (`ALL`, `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`…).
    ///
    /// ## Why it matters
    /// Added capabilities give the container kernel powers that lead to the host.
    ///
    /// ## Remediation
    /// Remove them, or add back only the one the process needs after `cap_drop: [ALL]`.
    pub static RULE = {
        id: "CO002",
        name: "compose-capabilities-added",
        title: "The service adds kernel capabilities",
        cis: ["5.4"],
        target: ComposeService,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        for n in list(s, "cap_add") {
            if let Some(cap) = n.as_str() {
                let norm = crate::rules::docker::container_capabilities::normalise(cap);
                if norm == "ALL"
                    || !crate::rules::docker::container_capabilities::DEFAULT_CAPABILITIES
                        .contains(&norm.as_str())
                {
                    out.push(
                        finding(c, s, n, format!("adds capability {norm}")).with(
                            Evidence::new("cap_add", norm).expected("Docker defaults or fewer"),
                        ),
                    );
                }
            }
        }
        out
    })
}

use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `user:` naming root (`root`, `0`, `0:0`, `root:root`). An unset `user:` leaves the image's user, which is judged on the Dockerfile (for `build:`) or the image.
    ///
    /// ## Why it matters
    /// Root in a container is one escape away from root on the host.
    ///
    /// ## Remediation
    /// Set `user: "10001:10001"` (a user the image has).
    pub static RULE = {
        id: "CO027",
        name: "compose-runs-as-root",
        title: "The service is set to run as root",
        cis: ["4.1"],
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
        if let Some(n) = at(s, "user")
            && crate::rules::docker::container_user::user_is_root(n.as_str().unwrap_or(""))
        {
            out.push(
                finding(
                    c,
                    s,
                    n,
                    format!("user: {} runs as root", n.as_str().unwrap_or("")),
                )
                .with(Evidence::new("user", n.as_str().unwrap_or("")).expected("a non-root user")),
            );
        }
        out
    })
}

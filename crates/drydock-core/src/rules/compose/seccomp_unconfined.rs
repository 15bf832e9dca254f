#[allow(unused_imports)]
use super::service::*;
use crate::declare_rule;
#[allow(unused_imports)]
use crate::model::{Evidence, Outcome};
use crate::rule::Context;

declare_rule! {
    /// ## What it checks
    /// `security_opt` with `seccomp=unconfined` (or `seccomp:unconfined`).
    ///
    /// ## Why it matters
    /// Seccomp blocks the system calls most kernel exploits need.
    ///
    /// ## Remediation
    /// Remove the option; allow a missing call in a custom profile instead.
    pub static RULE = {
        id: "CO005",
        name: "compose-seccomp-unconfined",
        title: "Seccomp is turned off",
        cis: ["5.22"],
        target: ComposeService,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        #[allow(unused_mut)]
        let mut out: Vec<Outcome> = Vec::new();
        for (o, n) in security_opts(s) {
            if o == "seccomp=unconfined" || o == "seccomp:unconfined" {
                out.push(
                    finding(c, s, n, "seccomp is unconfined")
                        .with(Evidence::new("security_opt", o)),
                );
            }
        }
        out
    })
}

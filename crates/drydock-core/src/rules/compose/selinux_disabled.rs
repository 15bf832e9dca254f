#[allow(unused_imports)]
use super::service::*;
use crate::declare_rule;
#[allow(unused_imports)]
use crate::model::{Evidence, Outcome};
use crate::rule::Context;

declare_rule! {
    /// ## What it checks
    /// `security_opt` with `label=disable` (or `label:disable`).
    ///
    /// ## Why it matters
    /// SELinux labels keep the container's processes away from host files even after an escape.
    ///
    /// ## Remediation
    /// Remove the option; use `label=type:…` for a specific type.
    pub static RULE = {
        id: "CO007",
        name: "compose-selinux-disabled",
        title: "SELinux labelling is turned off",
        cis: ["5.3"],
        target: ComposeService,
        severity: Medium,
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
            if o == "label=disable" || o == "label:disable" {
                out.push(
                    finding(c, s, n, "SELinux labelling is disabled")
                        .with(Evidence::new("security_opt", o)),
                );
            }
        }
        out
    })
}

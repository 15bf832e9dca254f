use super::shell::{final_stage, finding, object};
use crate::declare_rule;
use crate::model::{Evidence, Outcome};
use crate::rule::Context;
use crate::rules::docker::container_user::user_is_root;

declare_rule! {
    /// ## What it checks
    /// The user the image ships with: the last `USER` of the final stage, following `FROM
    /// <stage>` back through earlier stages (a `USER` in a stage that is not built upon does not
    /// count). `root`, `0`, `0:0`, `root:root` and `0:<gid>` are root. With no `USER` at all the
    /// base image's user applies — root unless the base sets another — and this is reported
    /// too. When every compose service that builds the file sets its own `user:`, compose
    /// decides the user and the finding belongs there (`compose-runs-as-root`), not here.
    ///
    /// ## Why it matters
    /// A container that runs as root is one escape away from root on the host.
    ///
    /// ## Remediation
    /// Create an unprivileged user and switch to it in the final stage:
    /// `RUN useradd -r -u 10001 app` then `USER 10001`.
    pub static RULE = {
        id: "DF001",
        name: "dockerfile-runs-as-root",
        title: "The final stage runs as root",
        cis: ["4.1"],
        target: Dockerfile,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        let builders = ctx.project().services_building(&d.path);
        if !builders.is_empty() && builders.iter().all(|(_, s)| s.node.get("user").is_some_and(|u| !u.is_null())) {
            return Vec::new();
        }
        let stages = file.stages();
        let Some(last) = final_stage(&stages) else { return Vec::new() };
        match file.effective_user(&stages, last.index) {
            Some((user, ins)) if user_is_root(&user) => vec![finding(d, ins, format!("the final stage runs as {user}"))
                .with(Evidence::new("USER", user).expected("a non-root user"))],
            Some(_) => Vec::new(),
            None => {
                let from = &file.instructions[last.from_index];
                // Follow `FROM <stage>` back to the external image whose user applies.
                let mut root = last;
                while let Some(parent) = root.base_stage {
                    root = &stages[parent];
                }
                vec![Outcome::fail(object(d), format!("no USER in the final stage or the stages it builds on: the user of base image `{}` applies (root unless it sets one)", root.base))
                    .at(&d.path, from.line, from.column)
                    .with(Evidence::new("USER", "none").expected("a non-root user"))]
            }
        }
    })
}

use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `RUN --security=insecure`, which runs the step without the build sandbox (all
    /// capabilities, no seccomp), and `RUN --network=host`.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// A build step that escapes the sandbox can change the build host; a step on the host's
    /// network reaches services the build should not.
    ///
    /// ## Remediation
    /// Remove the flag; if a step truly needs it, isolate that build on a dedicated builder.
    pub static RULE = {
        id: "DF032",
        name: "dockerfile-run-unsandboxed",
        title: "A RUN step leaves the build sandbox",
        cis: [],
        target: Dockerfile,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.instructions
            .iter()
            .filter(|i| i.keyword == "RUN")
            .filter_map(|i| {
                let security =
                    i.flag("security").and_then(|f| f.value.as_deref()) == Some("insecure");
                let host_net = i.flag("network").and_then(|f| f.value.as_deref()) == Some("host");
                (security || host_net).then(|| {
                    let what = if security {
                        "--security=insecure"
                    } else {
                        "--network=host"
                    };
                    finding(d, i, format!("RUN {what} leaves the build sandbox"))
                        .with(Evidence::new("flag", what))
                })
            })
            .collect()
    })
}

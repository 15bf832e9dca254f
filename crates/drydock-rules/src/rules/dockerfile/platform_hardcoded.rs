use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `FROM --platform=` with a fixed platform rather than a build argument
    /// (`$BUILDPLATFORM`, `$TARGETPLATFORM`).
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// A fixed platform runs under emulation elsewhere, or silently ships the wrong
    /// architecture's binaries and their unpatched copies.
    ///
    /// ## Remediation
    /// Drop the flag, or use `--platform=$BUILDPLATFORM` for build stages.
    pub static RULE = {
        id: "DF031",
        name: "dockerfile-platform-hardcoded",
        title: "FROM fixes the platform",
        cis: [],
        target: Dockerfile,
        severity: Info,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.instructions
            .iter()
            .filter(|i| i.keyword == "FROM")
            .filter_map(|i| {
                let p = i.flag("platform")?.value.clone()?;
                (!p.contains('$')).then(|| {
                    finding(d, i, format!("the platform is fixed to {p}"))
                        .with(Evidence::new("--platform", p))
                })
            })
            .collect()
    })
}

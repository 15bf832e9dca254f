use super::shell::{StageScope, has_flag, program, run_findings, runs_without_cache_mount};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `pip install` without `--no-cache-dir` (or `PIP_NO_CACHE_DIR`), unless the `RUN` mounts a
    /// build cache (`--mount=type=cache`).
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`; a stage only
    /// copied from (`COPY --from`) leaves nothing of this in the image.
    ///
    /// ## Why it matters
    /// Downloaded wheels stay in the layer under ~/.cache/pip.
    ///
    /// ## Remediation
    /// Use `pip install --no-cache-dir …`.
    pub static RULE = {
        id: "DF024",
        name: "dockerfile-pip-cache-left",
        title: "pip install without --no-cache-dir",
        cis: [],
        target: Dockerfile,
        severity: Low,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

/// Whether a whole RUN script (its commands) breaks the rule.
fn breaks(cmds: &[Vec<String>]) -> Option<String> {
    let parsed: Vec<(&str, &[String])> = cmds.iter().map(|c| program(c)).collect();
    parsed
        .iter()
        .find(|(p, a)| {
            matches!(*p, "pip" | "pip3")
                && a.iter().any(|x| x == "install")
                && !has_flag(a, &["--no-cache-dir"])
        })
        .filter(|_| {
            !cmds
                .iter()
                .any(|c| c.iter().any(|w| w.starts_with("PIP_NO_CACHE_DIR")))
        })
        .map(|(p, a)| format!("{p} {}", a.join(" ")))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(
        ctx,
        StageScope::Shipped,
        runs_without_cache_mount,
        breaks,
        "the pip cache stays in the layer",
    )
}

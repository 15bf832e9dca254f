use super::shell::{StageScope, has_flag, program, run_findings, runs_without_cache_mount};
use crate::declare_rule;
use crate::fix::{TextEdit, dockerfile_instruction, insert_after_command};
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// `apk add` without `--no-cache` (and without removing `/var/cache/apk` in the same RUN),
    /// unless the `RUN` mounts a build cache (`--mount=type=cache`).
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`; a stage only
    /// copied from (`COPY --from`) leaves nothing of this in the image.
    ///
    /// ## Why it matters
    /// The package index stays in the layer, adding size and stale metadata.
    ///
    /// ## Remediation
    /// Use `apk add --no-cache …`.
    ///
    /// ## Fix
    /// Safe: `drydock fix` adds `--no-cache` to every `apk add` of the `RUN` that lacks it. The
    /// packages installed are the same; only the index is not kept.
    pub static RULE = {
        id: "DF023",
        name: "dockerfile-apk-cache-left",
        title: "apk add without --no-cache",
        cis: ["4.3"],
        target: Dockerfile,
        severity: Low,
        stride: [InformationDisclosure],
        fix: Available,
        fixer: (Safe, "add --no-cache to apk add", fix),
        check: check,
    };
}

/// Whether a whole RUN script (its commands) breaks the rule.
fn breaks(cmds: &[Vec<String>]) -> Option<String> {
    let parsed: Vec<(&str, &[String])> = cmds.iter().map(|c| program(c)).collect();
    let text = cmds
        .iter()
        .map(|c| c.join(" "))
        .collect::<Vec<_>>()
        .join(" ; ");
    parsed
        .iter()
        .find(|(p, a)| {
            *p == "apk"
                && a.iter().any(|x| x == "add")
                && !has_flag(a, &["--no-cache"])
                && !text.contains("/var/cache/apk")
        })
        .map(|(_, a)| format!("apk {}", a.join(" ")))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(
        ctx,
        StageScope::Shipped,
        runs_without_cache_mount,
        breaks,
        "the apk cache stays in the layer",
    )
}

/// Adds `--no-cache` after each `apk add` of the `RUN` that lacks it.
fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    let run = dockerfile_instruction(text, finding)?;
    let edits = insert_after_command(text, run.span, "apk", "add", "--no-cache");
    (!edits.is_empty()).then_some(edits)
}

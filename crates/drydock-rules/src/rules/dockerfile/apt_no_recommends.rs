use super::shell::{StageScope, has_flag, program, run_findings, runs};
use crate::declare_rule;
use crate::fix::{TextEdit, dockerfile_instruction, insert_after_command};
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// `apt-get install` without `--no-install-recommends` (or the equivalent `-o APT::Install-Recommends=false`).
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`; a stage only
    /// copied from (`COPY --from`) leaves nothing of this in the image.
    ///
    /// ## Why it matters
    /// Recommended packages are installed too: more software to patch and more tools for an intruder.
    ///
    /// ## Remediation
    /// Add `--no-install-recommends` to every `apt-get install`.
    ///
    /// ## Fix
    /// Unsafe: `drydock fix --unsafe` adds `--no-install-recommends` to every `apt-get install`
    /// of the `RUN` that lacks it. A build or program that relied on a recommended package
    /// (certificates, locales) loses it; add such packages by name.
    pub static RULE = {
        id: "DF021",
        name: "dockerfile-apt-install-recommends",
        title: "apt-get install without --no-install-recommends",
        cis: ["4.3"],
        target: Dockerfile,
        severity: Low,
        stride: [ElevationOfPrivilege],
        fix: Available,
        fixer: (Unsafe, "add --no-install-recommends to apt-get install", fix),
        check: check,
    };
}

/// Whether a whole RUN script (its commands) breaks the rule.
fn breaks(cmds: &[Vec<String>]) -> Option<String> {
    let parsed: Vec<(&str, &[String])> = cmds.iter().map(|c| program(c)).collect();
    parsed
        .iter()
        .filter(|(p, a)| *p == "apt-get" && a.iter().any(|x| x == "install"))
        .find(|(_, a)| {
            !has_flag(a, &["--no-install-recommends"])
                && !a.iter().any(|x| x.contains("Install-Recommends=false"))
        })
        .map(|(_, a)| format!("apt-get {}", a.join(" ")))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(
        ctx,
        StageScope::Shipped,
        runs,
        breaks,
        "recommended packages are installed too",
    )
}

/// Adds `--no-install-recommends` after each `apt-get install` of the `RUN` that lacks it.
fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    let run = dockerfile_instruction(text, finding)?;
    let edits = insert_after_command(
        text,
        run.span,
        "apt-get",
        "install",
        "--no-install-recommends",
    );
    (!edits.is_empty()).then_some(edits)
}

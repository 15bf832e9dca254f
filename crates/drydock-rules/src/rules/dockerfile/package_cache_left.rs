use super::shell::{StageScope, program, run_findings, runs_without_cache_mount};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `RUN` instructions that refresh or install with apt, or install with yum, dnf or zypper,
    /// and do not clean the cache in the same instruction (`rm -rf /var/lib/apt/lists/*`, `yum clean all`, `dnf clean all`, `zypper clean`), unless the cache is a build cache mount.
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`; a stage only
    /// copied from (`COPY --from`) leaves nothing of this in the image.
    ///
    /// ## Why it matters
    /// The cache stays in the layer: a bigger image that also records which repositories and versions were used.
    ///
    /// ## Remediation
    /// Clean up in the same RUN, or use `RUN --mount=type=cache,target=/var/cache/apt`.
    pub static RULE = {
        id: "DF022",
        name: "dockerfile-package-cache-left",
        title: "Package manager caches are left in the layer",
        cis: ["4.3"],
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
    let installs = |m: &str| {
        parsed
            .iter()
            .any(|(p, a)| *p == m && a.iter().any(|x| x == "install"))
    };
    let text = cmds
        .iter()
        .map(|c| c.join(" "))
        .collect::<Vec<_>>()
        .join(" ; ");
    // `apt-get clean` empties the package archive, not the lists `update` downloads.
    let refreshes = parsed
        .iter()
        .any(|(p, a)| (*p == "apt-get" || *p == "apt") && a.iter().any(|x| x == "update"));
    if (installs("apt-get") || refreshes) && !text.contains("/var/lib/apt/lists") {
        return Some("apt-get without removing /var/lib/apt/lists".into());
    }
    for m in ["yum", "dnf", "microdnf"] {
        if installs(m) && !text.contains(&format!("{m} clean")) && !text.contains("/var/cache/") {
            return Some(format!("{m} install without {m} clean all"));
        }
    }
    if installs("zypper") && !text.contains("zypper clean") && !text.contains("zypper cc") {
        return Some("zypper install without zypper clean".into());
    }
    None
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(
        ctx,
        StageScope::Shipped,
        runs_without_cache_mount,
        breaks,
        "the package cache stays in the layer",
    )
}

use super::shell::{finding, shipped_lines};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::dockerfile::Args;

declare_rule! {
    /// ## What it checks
    /// `ENTRYPOINT` in shell form (`ENTRYPOINT cmd args` rather than `ENTRYPOINT ["cmd", "args"]`).
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`.
    ///
    /// ## Why it matters
    /// The program runs under `/bin/sh -c`: it is not PID 1, does not receive SIGTERM, and is killed at the stop timeout without a clean shutdown; `CMD` arguments are ignored.
    ///
    /// ## Remediation
    /// Use the exec form: `ENTRYPOINT ["/app/server", "--port", "8080"]`.
    pub static RULE = {
        id: "DF026",
        name: "dockerfile-entrypoint-shell-form",
        title: "ENTRYPOINT is in shell form",
        cis: [],
        target: Dockerfile,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        let shipped = shipped_lines(ctx, d, file);
        file.instructions
            .iter()
            .filter(|i| {
                i.keyword == "ENTRYPOINT"
                    && matches!(i.args, Args::Shell(_))
                    && shipped.contains(&i.line)
            })
            .map(|i| {
                finding(
                    d,
                    i,
                    "ENTRYPOINT in shell form: the process runs under /bin/sh -c",
                )
                .with(Evidence::new("ENTRYPOINT", i.args.text()).expected("exec form"))
            })
            .collect()
    })
}

use super::shell::{finding, shipped_lines};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::dockerfile::Args;

declare_rule! {
    /// ## What it checks
    /// `CMD` in shell form (`CMD cmd args` rather than `CMD ["cmd", "args"]`).
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`.
    ///
    /// ## Why it matters
    /// The program runs under `/bin/sh -c` and does not receive the stop signal, so it cannot shut down cleanly.
    ///
    /// ## Remediation
    /// Use the exec form: `CMD ["/app/server", "--port", "8080"]`.
    pub static RULE = {
        id: "DF027",
        name: "dockerfile-cmd-shell-form",
        title: "CMD is in shell form",
        cis: [],
        target: Dockerfile,
        severity: Info,
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
                i.keyword == "CMD" && matches!(i.args, Args::Shell(_)) && shipped.contains(&i.line)
            })
            .map(|i| {
                finding(d, i, "CMD in shell form: the process runs under /bin/sh -c")
                    .with(Evidence::new("CMD", i.args.text()).expected("exec form"))
            })
            .collect()
    })
}

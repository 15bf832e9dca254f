use super::shell::{final_stage, finding, object};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That the final stage (or a stage it builds on) declares a `HEALTHCHECK` that is not
    /// `HEALTHCHECK NONE`. When every compose service that builds the file declares its own
    /// `healthcheck:`, compose decides and a disabled one is reported there
    /// (`compose-healthcheck-disabled`).
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`.
    ///
    /// ## Why it matters
    /// Without a health check nothing notices a hung or hijacked service.
    ///
    /// ## Remediation
    /// Add `HEALTHCHECK CMD <probe>` to the final stage.
    pub static RULE = {
        id: "DF005",
        name: "dockerfile-missing-healthcheck",
        title: "The final stage declares no health check",
        cis: ["4.6"],
        target: Dockerfile,
        severity: Low,
        stride: [DenialOfService],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        let builders = ctx.project().services_building(&d.path);
        if !builders.is_empty()
            && builders
                .iter()
                .all(|(_, s)| s.node.get("healthcheck").is_some_and(|h| !h.is_null()))
        {
            return Vec::new();
        }
        let stages = file.stages();
        let Some(last) = final_stage(&stages) else {
            return Vec::new();
        };
        let mut current = Some(last.index);
        while let Some(i) = current {
            if let Some(h) = file
                .stage_instructions(&stages[i])
                .iter()
                .rev()
                .find(|x| x.keyword == "HEALTHCHECK")
            {
                let none = h.args.text().trim().eq_ignore_ascii_case("NONE");
                return if none {
                    vec![
                        finding(d, h, "HEALTHCHECK NONE turns the health check off")
                            .with(Evidence::new("HEALTHCHECK", "NONE").expected("a probe")),
                    ]
                } else {
                    Vec::new()
                };
            }
            current = stages[i].base_stage;
        }
        let from = &file.instructions[last.from_index];
        vec![
            Outcome::fail(object(d), "the final stage declares no HEALTHCHECK").at(
                &d.path,
                from.line,
                from.column,
            ),
        ]
    })
}

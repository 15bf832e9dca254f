use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{ObjectRef, Outcome, Target};

declare_rule! {
    /// ## What it checks
    /// Compose files that do not parse or resolve: YAML syntax errors, duplicate keys,
    /// variables required with `${VAR:?}` and missing, `extends` of an undefined service. The
    /// other services and files are still checked.
    ///
    /// ## Why it matters
    /// `docker compose` refuses such a file; what runs is not what is written.
    ///
    /// ## Remediation
    /// Fix the line; `docker compose config` shows the same errors.
    pub static RULE = {
        id: "CO033",
        name: "compose-file-invalid",
        title: "The compose file is invalid",
        cis: [],
        target: ComposeService,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.project()
        .composes
        .iter()
        .flat_map(|c| {
            c.project.errors.iter().map(move |e| {
                let path = c.paths.get(e.file).cloned().unwrap_or_default();
                let object = ObjectRef {
                    kind: Target::ComposeService,
                    id: format!("{path}#"),
                    name: path.clone(),
                };
                Outcome::fail(object, format!("line {}: {}", e.pos.line, e.message)).at(
                    &path,
                    e.pos.line.max(1),
                    e.pos.column.max(1),
                )
            })
        })
        .collect()
}

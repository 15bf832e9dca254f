use super::service::*;
use crate::declare_rule;
use crate::fix::{TextEdit, compose_add_item, scalar_range_at};
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// That `security_opt` holds `no-new-privileges:true` (or the bare form); `no-new-privileges:false` is an explicit opt-out.
    ///
    /// ## Why it matters
    /// Without it, setuid binaries in the container can raise a process's privileges.
    ///
    /// ## Remediation
    /// Add `security_opt: ["no-new-privileges:true"]`.
    ///
    /// ## Fix
    /// Unsafe: `drydock fix --unsafe` adds `no-new-privileges:true` to the service's
    /// `security_opt` (or turns `no-new-privileges:false` into it). A program that needs a
    /// setuid binary (`sudo`, some `ping` builds) loses what that binary gave it.
    pub static RULE = {
        id: "CO006",
        name: "compose-new-privileges-allowed",
        title: "Processes may gain privileges",
        cis: ["5.26"],
        target: ComposeService,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        fixer: (Unsafe, "add no-new-privileges:true to security_opt", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        let opts: Vec<String> = security_opts(s)
            .iter()
            .map(|(o, _)| o.to_string())
            .collect();
        match crate::rules::docker::container_no_new_privileges::container_choice(&opts) {
            Some(true) => {}
            Some(false) => {
                let n = security_opts(s)
                    .into_iter()
                    .rev()
                    .find(|(o, _)| o.starts_with("no-new-privileges"))
                    .map(|(_, n)| n)
                    .unwrap_or(&s.key);
                out.push(
                    finding(c, s, n, "no-new-privileges is turned off").with(
                        Evidence::new("security_opt", "no-new-privileges:false")
                            .expected("no-new-privileges:true"),
                    ),
                );
            }
            None => out.push(on_service(c, s, "no-new-privileges is not set").with(
                Evidence::new("security_opt", opts.join(", ")).expected("no-new-privileges:true"),
            )),
        }
        out
    })
}

fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    let at = finding.location.as_ref()?;
    // An explicit `no-new-privileges:false` is where the finding points: it is turned over.
    if let Some(range) = scalar_range_at(text, at.line as usize, at.column as usize)
        && text[range.clone()]
            .trim_matches(['"', '\''])
            .starts_with("no-new-privileges")
    {
        return Some(vec![TextEdit {
            range,
            text: "no-new-privileges:true".into(),
        }]);
    }
    compose_add_item(text, finding, "security_opt", "no-new-privileges:true")
}

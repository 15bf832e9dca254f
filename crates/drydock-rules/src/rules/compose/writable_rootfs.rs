use super::service::*;
use crate::declare_rule;
use crate::fix::{TextEdit, compose_set};
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// `read_only: true`.
    ///
    /// ## Why it matters
    /// A writable root filesystem lets an intruder change binaries and drop tools.
    ///
    /// ## Remediation
    /// Set `read_only: true` and give writable paths a volume or `tmpfs`.
    ///
    /// ## Fix
    /// Unsafe: `drydock fix --unsafe` sets `read_only: true` on the service. A program that
    /// writes outside its volumes and `tmpfs` mounts fails until they are declared.
    pub static RULE = {
        id: "CO021",
        name: "compose-writable-rootfs",
        title: "The root filesystem is writable",
        cis: ["5.13"],
        target: ComposeService,
        severity: Medium,
        stride: [Tampering],
        fix: Available,
        fixer: (Unsafe, "set read_only: true", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        let ro = at(s, "read_only").and_then(|n| n.as_bool()) == Some(true);
        if !ro {
            let n = at(s, "read_only").unwrap_or(&s.key);
            out.push(
                finding(c, s, n, "the root filesystem is writable").with(
                    Evidence::new(
                        "read_only",
                        at(s, "read_only")
                            .and_then(|n| n.as_str())
                            .unwrap_or("unset"),
                    )
                    .expected("true"),
                ),
            );
        }
        out
    })
}

fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    compose_set(text, finding, "read_only", "true")
}

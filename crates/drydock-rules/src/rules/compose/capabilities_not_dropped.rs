use super::service::*;
use crate::declare_rule;
use crate::fix::{TextEdit, compose_add_item};
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// Services whose `cap_drop` neither drops `ALL` nor `NET_RAW` (raw sockets, used for spoofing on the container network).
    ///
    /// ## Why it matters
    /// The defaults include NET_RAW, CHOWN, DAC_OVERRIDE, SETUID and more that most services never use.
    ///
    /// ## Remediation
    /// `cap_drop: [ALL]` and `cap_add` only what is needed.
    pub static RULE = {
        id: "CO003",
        name: "compose-capabilities-not-dropped",
        title: "The service keeps Docker's default capabilities",
        cis: ["5.4"],
        target: ComposeService,
        severity: Low,
        stride: [ElevationOfPrivilege, Spoofing],
        fix: Available,
        fixer: (Unsafe, "add ALL to cap_drop; give back with cap_add what the service needs", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        let drops: Vec<String> = list(s, "cap_drop")
            .iter()
            .filter_map(|n| n.as_str())
            .map(crate::rules::docker::container_capabilities::normalise)
            .collect();
        let privileged = at(s, "privileged").and_then(|n| n.as_bool()) == Some(true);
        if !privileged && !drops.iter().any(|d| d == "ALL" || d == "NET_RAW") {
            let node = key_of(s, "cap_drop").unwrap_or(&s.key);
            out.push(
                finding(
                    c,
                    s,
                    node,
                    "keeps the default capabilities, NET_RAW included",
                )
                .with(
                    Evidence::new(
                        "cap_drop",
                        if drops.is_empty() {
                            "none".to_string()
                        } else {
                            drops.join(", ")
                        },
                    )
                    .expected("ALL (or at least NET_RAW)"),
                ),
            );
        }
        out
    })
}

fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    compose_add_item(text, finding, "cap_drop", "ALL")
}

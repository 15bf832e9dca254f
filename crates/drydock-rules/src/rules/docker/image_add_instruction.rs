use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

/// Whether a history entry was made by an `ADD` instruction.
fn is_add(created_by: &str) -> bool {
    let text = created_by.trim();
    let text = text
        .strip_prefix("/bin/sh -c #(nop)")
        .map(str::trim_start)
        .unwrap_or(text);
    text.starts_with("ADD ")
}

declare_rule! {
    /// ## What it checks
    /// Each image's history for layers made by `ADD`. The bottom layer is skipped: base images
    /// are built by adding a root filesystem archive, which is what `ADD` is for.
    ///
    /// ## Why it matters
    /// `ADD` fetches URLs and unpacks archives on its own, so a build can pull in remote or
    /// unexpected content; `COPY` only copies.
    ///
    /// ## Remediation
    /// Use `COPY`; download with a checksum-verified `RUN curl … && sha256sum -c` when needed.
    pub static RULE = {
        id: "DH071",
        name: "image-uses-add",
        cis: ["4.9"],
        target: Image,
        severity: Low,
        stride: [Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|i, object| {
        // History is listed newest first; the last entry is the base root filesystem.
        let upper = &i.history[..i.history.len().saturating_sub(1)];
        let adds: Vec<&str> = upper
            .iter()
            .map(|h| h.created_by.as_str())
            .filter(|c| is_add(c))
            .collect();
        if adds.is_empty() {
            Outcome::pass(object, "no ADD layer above the base")
        } else {
            Outcome::fail(object, "built with ADD where COPY may serve").with_all(
                adds.into_iter()
                    .map(|c| Evidence::new("history", c.to_string()).expected("COPY")),
            )
        }
    })
}

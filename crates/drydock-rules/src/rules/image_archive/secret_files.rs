use super::archived::{finding, nothing_found, per_archived_image};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Files in the image's final filesystem that are private keys or credential files, by name (`id_rsa`, `*.pem`, `.npmrc`, `.aws/credentials`…) or by content (`BEGIN … PRIVATE KEY`). Contents are never shown.
    /// When a layer the manifest lists could not be read whole (absent, refused names, a
    /// compression bomb cut off), the result is unknown rather than clean.
    ///
    /// ## Why it matters
    /// Whoever pulls the image gets them.
    ///
    /// ## Remediation
    /// Remove them from the build and rotate them; use secret mounts.
    pub static RULE = {
        id: "AR006",
        name: "archived-image-secret-files",
        title: "The image holds keys or credentials",
        cis: ["4.10"],
        target: ImageArchive,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_archived_image(ctx, |a, i| {
        let mut out: Vec<Outcome> = Vec::new();
        if !i.secret_files.is_empty() {
            out.push(
                finding(
                    a,
                    i,
                    format!("{} key or credential files", i.secret_files.len()),
                )
                .with_all(
                    i.secret_files
                        .iter()
                        .take(50)
                        .map(|(p, k)| Evidence::new("file", format!("{p}: {k}"))),
                ),
            );
        }
        if out.is_empty() {
            out = nothing_found(a, i);
        }
        out
    })
}

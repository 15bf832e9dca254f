use super::add_instead_of_copy::sources;
use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::secrets::secret_file_kind;

declare_rule! {
    /// ## What it checks
    /// `COPY` and `ADD` sources that name private keys or credential files: `id_rsa`, `*.pem`,
    /// `*.key`, `.env`, `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, files under `.ssh/` or
    /// `.aws/`.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// A file copied into a layer stays there even if a later layer deletes it.
    ///
    /// ## Remediation
    /// Mount it for the one step that needs it (`RUN --mount=type=secret`) and keep it out of
    /// the context with `.dockerignore`.
    pub static RULE = {
        id: "DF010",
        name: "dockerfile-copies-secret-file",
        title: "A key or credentials file is copied into the image",
        cis: ["4.10"],
        target: Dockerfile,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.instructions
            .iter()
            .filter(|i| (i.keyword == "COPY" || i.keyword == "ADD") && i.heredocs.is_empty())
            .flat_map(|i| {
                sources(&i.args)
                    .into_iter()
                    .filter_map(|s| secret_file_kind(&s).map(|kind| (s, kind)))
                    .map(|(s, kind)| {
                        finding(d, i, format!("copies {s}, {kind}")).with(
                            Evidence::new("source", s.clone())
                                .expected("no keys or credentials in layers"),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}

use super::archived::{finding, nothing_found, per_archived_image};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Files with the setuid or setgid bit in the image's final filesystem (layers applied in order, whiteouts honoured).
    /// When a layer the manifest lists could not be read whole (absent, refused names, a
    /// compression bomb cut off), the result is unknown rather than clean.
    ///
    /// ## Why it matters
    /// They are the usual way for a process to gain root inside a container.
    ///
    /// ## Remediation
    /// Remove the bits in the Dockerfile: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`.
    pub static RULE = {
        id: "AR005",
        name: "archived-image-setuid-files",
        title: "The image holds setuid or setgid files",
        cis: ["4.8"],
        target: ImageArchive,
        severity: Low,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_archived_image(ctx, |a, i| {
        let mut out: Vec<Outcome> = Vec::new();
        if !i.setuid_files.is_empty() {
            out.push(
                finding(
                    a,
                    i,
                    format!("{} setuid/setgid files", i.setuid_files.len()),
                )
                .with_all(i.setuid_files.iter().take(50).map(|(p, m)| {
                    Evidence::new("file", format!("{p} ({:04o})", m))
                        .expected("no setuid or setgid bit")
                })),
            );
        }
        if out.is_empty() {
            out = nothing_found(a, i);
        }
        out
    })
}

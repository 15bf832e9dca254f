use super::archived::{finding, per_archived_image};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// The image configuration's `User`: unset, `root`, `0` or `0:<gid>` is root.
    ///
    /// ## Why it matters
    /// Containers from the image run as root unless every user overrides it.
    ///
    /// ## Remediation
    /// Set `USER` to an unprivileged user in the image's Dockerfile.
    pub static RULE = {
        id: "AR001",
        name: "archived-image-runs-as-root",
        title: "The image runs as root",
        cis: ["4.1"],
        target: ImageArchive,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_archived_image(ctx, |a, i| {
        let mut out: Vec<Outcome> = Vec::new();
        if crate::rules::docker::container_user::user_is_root(&i.user) {
            out.push(
                finding(a, i, "runs as root").with(
                    Evidence::new(
                        "config.User",
                        if i.user.is_empty() {
                            "(unset)".to_string()
                        } else {
                            i.user.clone()
                        },
                    )
                    .expected("a non-root user"),
                ),
            );
        }
        out
    })
}

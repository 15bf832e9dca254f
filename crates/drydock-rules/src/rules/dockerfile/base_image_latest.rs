use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

/// Splits an image reference into (repository, tag, digest).
pub fn split_reference(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[last_slash..].rfind(':') {
        Some(i) => (
            &rest[..last_slash + i],
            Some(&rest[last_slash + i + 1..]),
            digest,
        ),
        None => (rest, None, digest),
    }
}

declare_rule! {
    /// ## What it checks
    /// Each `FROM` of an external image (not an earlier stage, not `scratch`): the image must
    /// name a tag other than `latest`, or a digest.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// An untagged or `latest` base changes under the build: the same Dockerfile yields a
    /// different, unreviewed image tomorrow.
    ///
    /// ## Remediation
    /// Name a version tag (`python:3.12-slim`), better pinned by digest
    /// (`python:3.12-slim@sha256:…`).
    pub static RULE = {
        id: "DF002",
        name: "dockerfile-base-image-floating",
        title: "A base image is untagged or `latest`",
        cis: ["4.2"],
        target: Dockerfile,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.stages()
            .iter()
            .filter(|s| s.pulls_external_image())
            .filter_map(|s| {
                let (_, tag, digest) = split_reference(&s.base);
                let floating = digest.is_none() && tag.is_none_or(|t| t == "latest");
                floating.then(|| {
                    finding(
                        d,
                        &file.instructions[s.from_index],
                        format!(
                            "base image `{}` is {}",
                            s.base,
                            if tag.is_none() {
                                "untagged"
                            } else {
                                "`latest`"
                            }
                        ),
                    )
                    .with(
                        Evidence::new("FROM", s.base.clone()).expected("a version tag or a digest"),
                    )
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::split_reference;

    #[test]
    fn references() {
        assert_eq!(split_reference("nginx"), ("nginx", None, None));
        assert_eq!(
            split_reference("localhost:5000/app:1.0"),
            ("localhost:5000/app", Some("1.0"), None)
        );
        assert_eq!(
            split_reference("localhost:5000/app"),
            ("localhost:5000/app", None, None)
        );
        assert_eq!(
            split_reference("a/b@sha256:x"),
            ("a/b", None, Some("sha256:x"))
        );
    }
}

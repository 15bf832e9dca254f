use super::base_image_latest::split_reference;
use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

/// The registry of an image reference (`docker.io` when none is written).
pub fn registry_of(image: &str) -> String {
    let (repo, _, _) = split_reference(image);
    match repo.split_once('/') {
        Some((first, _)) if first.contains('.') || first.contains(':') || first == "localhost" => {
            first.to_string()
        }
        _ => "docker.io".to_string(),
    }
}

declare_rule! {
    /// ## What it checks
    /// With `--allowed-registries` given, that every external base image comes from one of them
    /// (images without a registry come from `docker.io`). Without the option nothing is judged.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// Base images run their publisher's code in every container built on them.
    ///
    /// ## Remediation
    /// Pull bases from an approved registry or mirror.
    pub static RULE = {
        id: "DF004",
        name: "dockerfile-base-image-untrusted-registry",
        title: "A base image comes from a registry not allowed",
        cis: ["4.2"],
        target: Dockerfile,
        severity: Medium,
        stride: [Tampering, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let allowed = &ctx.options.allowed_registries;
    if allowed.is_empty() {
        return Vec::new();
    }
    ctx.per_dockerfile(|d, file| {
        file.stages()
            .iter()
            .filter(|s| s.pulls_external_image())
            .filter_map(|s| {
                let registry = registry_of(&s.base);
                (!allowed.contains(&registry)).then(|| {
                    finding(
                        d,
                        &file.instructions[s.from_index],
                        format!("base image `{}` comes from {registry}", s.base),
                    )
                    .with(Evidence::new("registry", registry).expected(allowed.join(", ")))
                })
            })
            .collect()
    })
}

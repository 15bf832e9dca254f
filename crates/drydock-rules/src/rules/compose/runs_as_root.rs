use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use crate::rules::docker::container_user::user_is_root;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// The user a service runs as: `user:` naming root (`root`, `0`, `0:0`, `root:root`); with
    /// no `user:`, the user of the Dockerfile it builds (`build:`), else the configured user of
    /// its image when the image is on the audited host. When neither can be read (the image is
    /// not local, the Dockerfile was not audited) the result is unknown, never a pass.
    ///
    /// ## Why it matters
    /// Root in a container is one escape away from root on the host.
    ///
    /// ## Remediation
    /// Set `user: "10001:10001"` (a user the image has).
    pub static RULE = {
        id: "CO027",
        name: "compose-runs-as-root",
        title: "The service is set to run as root",
        cis: ["4.1"],
        target: ComposeService,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        if let Some(n) = at(s, "user") {
            let user = n.as_str().unwrap_or("");
            return if user_is_root(user) {
                vec![
                    finding(c, s, n, format!("user: {user} runs as root"))
                        .with(Evidence::new("user", user).expected("a non-root user")),
                ]
            } else {
                Vec::new()
            };
        }
        // No `user:`: the image's own user applies, from the Dockerfile the service builds,
        // else from the image's configuration.
        let project = ctx.project();
        if s.node.get("build").is_some() {
            let built = project.dockerfiles.iter().find(|d| {
                project
                    .services_building(&d.path)
                    .iter()
                    .any(|(bc, bs)| std::ptr::eq(*bc, c) && std::ptr::eq(*bs, s))
            });
            return match built.map(|d| (d, d.file.as_ref())) {
                Some((d, Ok(file))) => {
                    let stages = file.stages();
                    match stages
                        .last()
                        .and_then(|last| file.effective_user(&stages, last.index))
                    {
                        Some((user, _)) if !user_is_root(&user) => Vec::new(),
                        Some((user, _)) => vec![
                            finding(
                                c,
                                s,
                                &s.key,
                                format!("sets no user, and the Dockerfile it builds runs as {user}"),
                            )
                            .with(Evidence::new("Dockerfile", d.path.clone()))
                            .with(Evidence::new("USER", user).expected("a non-root user")),
                        ],
                        None => vec![
                            finding(
                                c,
                                s,
                                &s.key,
                                "sets no user, and the Dockerfile it builds sets no USER: the base image's user (root unless it sets one) applies",
                            )
                            .with(Evidence::new("Dockerfile", d.path.clone()))
                            .with(Evidence::new("USER", "none").expected("a non-root user")),
                        ],
                    }
                }
                _ => vec![
                    Outcome::unknown(
                        object(c, s),
                        "sets no user, and the Dockerfile it builds was not audited: its user is unknown",
                    )
                    .at(c.path_of(&s.key), s.key.pos.line, s.key.pos.column),
                ],
            };
        }
        let Some(image) = at(s, "image").and_then(|n| n.as_str()) else {
            return Vec::new();
        };
        match local_image_user(ctx, image) {
            Some(user) if user_is_root(&user) => vec![
                finding(
                    c,
                    s,
                    &s.key,
                    format!("sets no user, and image {image} runs as root by default"),
                )
                .with(
                    Evidence::new("image Config.User", if user.is_empty() { "(unset: root)".into() } else { user })
                        .expected("a non-root user"),
                ),
            ],
            Some(_) => Vec::new(),
            None => vec![
                Outcome::unknown(
                    object(c, s),
                    format!(
                        "sets no user, and image {image} is not on this host: the user it runs as is unknown (set `user:`, or audit where the image is)"
                    ),
                )
                .at(c.path_of(&s.key), s.key.pos.line, s.key.pos.column),
            ],
        }
    })
}

/// The configured user of a local image named like a compose `image:` (a missing tag is
/// `latest`, Docker Hub's prefixes are optional); `None` when no local image has that name.
fn local_image_user(ctx: &Context, image: &str) -> Option<String> {
    let engine = ctx.engine().ok()?;
    let wanted = canonical_image(image);
    engine
        .images
        .iter()
        .find(|i| i.repo_tags.iter().any(|t| canonical_image(t) == wanted))
        .map(|i| i.user.clone())
}

/// An image reference in one spelling: `nginx` → `docker.io/library/nginx:latest`.
fn canonical_image(reference: &str) -> String {
    let (name, digest) = match reference.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (reference, None),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    let name = if digest.is_none() && !last.contains(':') {
        format!("{name}:latest")
    } else {
        name.to_string()
    };
    let first = name.split('/').next().unwrap_or("");
    let qualified = if !name.contains('/') {
        format!("docker.io/library/{name}")
    } else if first.contains('.') || first.contains(':') || first == "localhost" {
        name
    } else {
        format!("docker.io/{name}")
    };
    match digest {
        Some(d) => format!("{qualified}@{d}"),
        None => qualified,
    }
}

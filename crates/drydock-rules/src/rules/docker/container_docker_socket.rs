use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_settings::paths::docker_socket_paths;

declare_rule! {
    /// ## What it checks
    /// That no container mounts the Docker API socket: a mount whose host path is a socket the
    /// daemon listens on, ends in `docker.sock`, or is a directory holding it (`/run`,
    /// `/var/run`).
    ///
    /// ## Why it matters
    /// The socket is the daemon's full API; a container that can reach it can start a
    /// privileged container and take the host.
    ///
    /// ## Remediation
    /// Remove the mount. Tools that need the API should go through an authorizing proxy with a
    /// narrow allow-list.
    pub static RULE = {
        id: "DH106",
        name: "container-mounts-docker-socket",
        cis: ["5.32"],
        target: Container,
        severity: Critical,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

/// `/var/run` is a link to `/run` on current hosts: compare paths in one spelling.
fn run_dir(path: &str) -> String {
    match path.strip_prefix("/var/run") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("/run{rest}"),
        _ => path.to_string(),
    }
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let sockets = docker_socket_paths(&ctx.facts.host);
    ctx.per_container(|c, object| {
        let hits: Vec<Evidence> = c
            .mounts
            .iter()
            .filter(|m| m.kind == "bind")
            .filter(|m| {
                let src = run_dir(m.source.trim_end_matches('/'));
                m.source.ends_with("docker.sock")
                    || sockets.iter().map(|s| run_dir(s)).any(|s| {
                        s == src
                            || s.strip_prefix(src.as_str())
                                .is_some_and(|rest| rest.starts_with('/'))
                    })
            })
            .map(|m| {
                Evidence::new(
                    "mount",
                    format!(
                        "{} -> {} ({})",
                        m.source,
                        m.destination,
                        if m.rw { "rw" } else { "ro" }
                    ),
                )
                .expected("no access to the Docker socket")
            })
            .collect();
        if hits.is_empty() {
            Outcome::pass(object, "does not mount the Docker socket")
        } else {
            Outcome::fail(object, "can reach the Docker API socket").with_all(hits)
        }
    })
}

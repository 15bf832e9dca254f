use crate::declare_rule;
use crate::rule::Context;
use drydock_model::facts::Probe;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That no running container runs an SSH daemon, judged from the container's process list as
    /// the host sees it: the host's `/proc`, matched to the container by cgroup, when drydock
    /// runs on the engine's host, else the Engine API's `GET /containers/{id}/top`. Nothing is
    /// executed inside the container, so images without `ps` are checked like any other.
    /// Stopped containers have no processes.
    ///
    /// ## Why it matters
    /// An SSH server in a container is another way in, with its own keys and users to manage,
    /// outside Docker's access control and audit.
    ///
    /// ## Remediation
    /// Remove sshd from the image; use `docker exec` for the rare interactive need.
    pub static RULE = {
        id: "DH081",
        name: "container-runs-sshd",
        cis: ["5.7"],
        target: Container,
        severity: Medium,
        stride: [Spoofing, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn is_sshd(command: &str) -> bool {
    command
        .split_whitespace()
        .next()
        .map(|exe| exe.rsplit('/').next().unwrap_or(exe))
        .is_some_and(|name| name == "sshd" || name.starts_with("sshd:"))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        if !c.running {
            return Outcome::not_applicable(object, "not running");
        }
        match &c.processes {
            Probe::Known { value } => {
                let sshd: Vec<&String> = value.iter().filter(|p| is_sshd(p)).collect();
                if sshd.is_empty() {
                    Outcome::pass(object, format!("no sshd among {} processes", value.len())).with(
                        Evidence::new("processes", value.len().to_string())
                            .source(c.process_source.clone()),
                    )
                } else {
                    Outcome::fail(object, "runs an SSH daemon").with_all(sshd.into_iter().map(
                        |p| Evidence::new("process", p.clone()).source(c.process_source.clone()),
                    ))
                }
            }
            Probe::Unavailable { reason } => Outcome::unknown(
                object,
                format!("its process list could not be read: {reason}"),
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sshd_by_executable_name() {
        assert!(super::is_sshd("/usr/sbin/sshd -D"));
        assert!(super::is_sshd("sshd: root@pts/0"));
        assert!(!super::is_sshd("/bin/sh -c echo sshd"));
        assert!(!super::is_sshd("/usr/bin/sshd-keygen-wrapper"));
    }
}

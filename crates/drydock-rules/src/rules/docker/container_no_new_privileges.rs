use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

/// The container's own no-new-privileges choice, if it makes one (last option wins).
pub fn container_choice(security_opt: &[String]) -> Option<bool> {
    security_opt.iter().rev().find_map(|o| {
        let rest = o.strip_prefix("no-new-privileges")?;
        match rest {
            "" => Some(true),
            _ => rest
                .strip_prefix(':')
                .or_else(|| rest.strip_prefix('='))
                .and_then(drydock_settings::daemon::parse_go_bool),
        }
    })
}

declare_rule! {
    /// ## What it checks
    /// That each container has no-new-privileges: its own `--security-opt no-new-privileges`
    /// (`:true`/`=true` or bare), or the daemon's default when the container does not choose.
    /// `no-new-privileges:false` is an explicit opt-out and fails.
    ///
    /// ## Why it matters
    /// Without it, setuid and setgid binaries inside the container can raise a process's
    /// privileges.
    ///
    /// ## Remediation
    /// Run with `--security-opt no-new-privileges` (compose: `security_opt:
    /// [no-new-privileges:true]`), or set it daemon-wide.
    pub static RULE = {
        id: "DH100",
        name: "container-new-privileges-allowed",
        cis: ["5.26"],
        target: Container,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let daemon = ctx.daemon.lookup("no-new-privileges");
    let daemon_default = daemon.as_bool(false);
    ctx.per_container(|c, object| {
        let evidence = Evidence::new(
            "SecurityOpt",
            if c.security_opt.is_empty() {
                "none".into()
            } else {
                c.security_opt.join(", ")
            },
        )
        .expected("no-new-privileges:true");
        match container_choice(&c.security_opt) {
            Some(true) => Outcome::pass(object, "no-new-privileges is set").with(evidence),
            Some(false) => {
                Outcome::fail(object, "no-new-privileges is explicitly turned off").with(evidence)
            }
            None => match &daemon_default {
                Ok(true) => {
                    Outcome::pass(object, "no-new-privileges comes from the daemon's default")
                        .with(evidence)
                        .with(
                            Evidence::new("daemon no-new-privileges", "true")
                                .source(daemon.source()),
                        )
                }
                Ok(false) => Outcome::fail(object, "no-new-privileges is not set").with(evidence),
                Err(reason) => Outcome::unknown(
                    object,
                    format!(
                        "the container sets nothing and the daemon's default is unknown: {reason}"
                    ),
                ),
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::container_choice;

    #[test]
    fn false_is_an_opt_out() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(container_choice(&s(&["no-new-privileges"])), Some(true));
        assert_eq!(
            container_choice(&s(&["no-new-privileges:true"])),
            Some(true)
        );
        assert_eq!(
            container_choice(&s(&["no-new-privileges=false"])),
            Some(false)
        );
        assert_eq!(
            container_choice(&s(&["no-new-privileges:false"])),
            Some(false)
        );
        assert_eq!(container_choice(&s(&["seccomp=unconfined"])), None);
        assert_eq!(
            container_choice(&s(&["no-new-privileges:true", "no-new-privileges:false"])),
            Some(false)
        );
    }
}

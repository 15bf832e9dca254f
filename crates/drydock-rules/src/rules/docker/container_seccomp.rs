use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That each container runs under a seccomp profile: not `seccomp=unconfined` (or the older
    /// `seccomp:unconfined`), not privileged (which turns seccomp off), and not on a daemon
    /// whose default profile is `unconfined`.
    ///
    /// ## Why it matters
    /// Seccomp blocks the system calls most kernel exploits need; without it the whole kernel
    /// interface is open to the container.
    ///
    /// ## Remediation
    /// Remove `--security-opt seccomp=unconfined` and `--privileged`; if a call is missing from
    /// the default profile, allow just that call in a custom profile.
    pub static RULE = {
        id: "DH096",
        name: "container-seccomp-disabled",
        cis: ["5.22"],
        target: Container,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let daemon_unconfined = ctx.engine().is_ok_and(|e| {
        e.info
            .security_options
            .iter()
            .any(|o| o.contains("name=seccomp") && o.contains("profile=unconfined"))
    });
    ctx.per_container(|c, object| {
        let opt = c.security_opt.iter().rev().find_map(|o| {
            o.strip_prefix("seccomp=")
                .or_else(|| o.strip_prefix("seccomp:"))
        });
        let evidence = Evidence::new(
            "SecurityOpt",
            if c.security_opt.is_empty() {
                "none".into()
            } else {
                c.security_opt.join(", ")
            },
        )
        .expected("no seccomp=unconfined");
        if c.privileged {
            Outcome::fail(object, "privileged: seccomp is off")
                .with(Evidence::new("HostConfig.Privileged", "true"))
        } else if opt == Some("unconfined") {
            Outcome::fail(object, "seccomp is turned off").with(evidence)
        } else if opt.is_none() && daemon_unconfined {
            Outcome::fail(object, "the daemon's default seccomp profile is unconfined")
                .with(evidence)
        } else {
            Outcome::pass(
                object,
                match opt {
                    Some(p) => format!("runs under seccomp profile {p}"),
                    None => "runs under the default seccomp profile".into(),
                },
            )
            .with(evidence)
        }
    })
}

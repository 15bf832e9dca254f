use super::container_user::user_is_root;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// The exec sessions the engine still remembers for each container: any run as root
    /// (`--user root` or `0`, or no user in a container that runs as root). Older sessions
    /// leave no trace in the engine, so a clean list is left to a person.
    ///
    /// ## Why it matters
    /// An exec as root inside a container meant to run unprivileged undoes that restriction.
    ///
    /// ## Remediation
    /// Do not use `docker exec --user root`; restrict exec with an authorization plugin.
    pub static RULE = {
        id: "DH098",
        name: "container-root-exec",
        cis: ["5.24"],
        target: Container,
        severity: Low,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let as_root: Vec<Evidence> = c
            .execs
            .iter()
            .filter(|e| if e.user.is_empty() { user_is_root(&c.user) } else { user_is_root(&e.user) })
            .map(|e| Evidence::new("exec", format!("{} as {}", e.command.join(" "), if e.user.is_empty() { "the container's user (root)" } else { &e.user })).source("GET /exec/{id}/json"))
            .collect();
        if as_root.is_empty() {
            Outcome::manual(object, format!("no root exec among the {} the engine remembers; check the audit log for older ones", c.execs.len()))
        } else {
            Outcome::fail(object, "an exec ran as root").with_all(as_root)
        }
    })
}

use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// The exec sessions the engine still remembers for each container (they are kept until
    /// the container restarts): any run with `--privileged` fails. Older sessions leave no
    /// trace in the engine, so a clean list is left to a person with the audit log.
    ///
    /// ## Why it matters
    /// `docker exec --privileged` gives the command every capability inside a container that
    /// was deliberately started with fewer.
    ///
    /// ## Remediation
    /// Do not use `docker exec --privileged`; restrict who may run exec with an authorization
    /// plugin.
    pub static RULE = {
        id: "DH097",
        name: "container-privileged-exec",
        cis: ["5.23"],
        target: Container,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let privileged: Vec<Evidence> = c.execs.iter().filter(|e| e.privileged).map(|e| Evidence::new("exec", format!("{} ({})", e.command.join(" "), e.id.chars().take(12).collect::<String>())).source("GET /exec/{id}/json")).collect();
        if privileged.is_empty() {
            Outcome::manual(object, format!("no privileged exec among the {} the engine remembers; check the audit log for older ones", c.execs.len()))
        } else {
            Outcome::fail(object, "a privileged exec was run").with_all(privileged)
        }
    })
}

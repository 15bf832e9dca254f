use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That each container has a PIDs limit (`HostConfig.PidsLimit` above 0; 0, -1 and unset
    /// mean unlimited).
    ///
    /// ## Why it matters
    /// Without one, a fork bomb in a container exhausts the host's process table.
    ///
    /// ## Remediation
    /// Run with `--pids-limit 100` (or what the workload needs); `docker update --pids-limit`
    /// changes a running container.
    pub static RULE = {
        id: "DH103",
        name: "container-without-pids-limit",
        cis: ["5.29"],
        target: Container,
        severity: Medium,
        stride: [DenialOfService],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let shown = c
            .pids_limit
            .map_or_else(|| "unset".to_string(), |n| n.to_string());
        let evidence = Evidence::new("HostConfig.PidsLimit", shown).expected("> 0");
        match c.pids_limit {
            Some(n) if n > 0 => {
                Outcome::pass(object, format!("at most {n} processes")).with(evidence)
            }
            _ => Outcome::fail(object, "no PIDs limit").with(evidence),
        }
    })
}

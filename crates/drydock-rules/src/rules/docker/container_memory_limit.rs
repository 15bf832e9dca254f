use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That each container has a memory limit (`HostConfig.Memory` above 0).
    ///
    /// ## Why it matters
    /// Without one, a leaking or attacked container can take all the host's memory and make the
    /// kernel kill other containers or host services.
    ///
    /// ## Remediation
    /// Run with `--memory <size>` (compose: `mem_limit` or `deploy.resources.limits.memory`);
    /// `docker update --memory <size> <container>` changes a running one.
    pub static RULE = {
        id: "DH085",
        name: "container-without-memory-limit",
        cis: ["5.11"],
        target: Container,
        severity: Medium,
        stride: [DenialOfService],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let evidence = Evidence::new("HostConfig.Memory", c.memory.to_string()).expected("> 0");
        if c.memory > 0 {
            Outcome::pass(object, format!("memory limited to {} bytes", c.memory)).with(evidence)
        } else {
            Outcome::fail(object, "no memory limit").with(evidence)
        }
    })
}

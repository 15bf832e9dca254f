use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Which ulimits each container overrides (`--ulimit`), for a person to confirm they
    /// suit it; without overrides the daemon's defaults apply.
    ///
    /// ## Why it matters
    /// A ulimit raised at run time lifts a limit the host relies on against resource exhaustion.
    ///
    /// ## Remediation
    /// Override ulimits only where the workload needs it, and to the value it needs.
    pub static RULE = {
        id: "DH093",
        name: "container-ulimit-override",
        cis: ["5.19"],
        target: Container,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        if c.ulimits.is_empty() {
            return Outcome::pass(object, "uses the daemon's default ulimits");
        }
        Outcome::manual(object, "overrides ulimits; confirm they are needed").with_all(
            c.ulimits
                .iter()
                .map(|u| Evidence::new("ulimit", format!("{}={}:{}", u.name, u.soft, u.hard))),
        )
    })
}

use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Which ports each container publishes, for a person to confirm each is needed.
    /// Containers that publish nothing pass.
    ///
    /// ## Why it matters
    /// Every published port is a way in from outside the host.
    ///
    /// ## Remediation
    /// Publish only the ports clients need; keep internal traffic on user-defined networks.
    pub static RULE = {
        id: "DH083",
        name: "container-publishes-ports",
        cis: ["5.9"],
        target: Container,
        severity: Low,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        if c.ports.is_empty() {
            return Outcome::pass(object, "publishes no ports");
        }
        Outcome::manual(
            object,
            format!(
                "publishes {} port binding(s); confirm each is needed",
                c.ports.len()
            ),
        )
        .with_all(c.ports.iter().map(|p| Evidence::new("port", p.describe())))
    })
}

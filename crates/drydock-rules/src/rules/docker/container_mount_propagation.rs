use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That no mount of a container uses shared propagation (`shared` or `rshared`).
    ///
    /// ## Why it matters
    /// With shared propagation, mounts the container makes appear on the host and the host's
    /// appear in the container: the container can change the host's mount table.
    ///
    /// ## Remediation
    /// Mount with the default `rprivate` propagation (drop `:shared`/`:rshared`, or
    /// `bind-propagation=shared`).
    pub static RULE = {
        id: "DH094",
        name: "container-shared-mount-propagation",
        cis: ["5.20"],
        target: Container,
        severity: Medium,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let shared: Vec<Evidence> = c
            .mounts
            .iter()
            .filter(|m| m.propagation == "shared" || m.propagation == "rshared")
            .map(|m| {
                Evidence::new(
                    "mount",
                    format!("{} -> {} ({})", m.source, m.destination, m.propagation),
                )
                .expected("private or slave propagation")
            })
            .collect();
        if shared.is_empty() {
            Outcome::pass(object, "no mount propagates to the host")
        } else {
            Outcome::fail(object, "a mount uses shared propagation").with_all(shared)
        }
    })
}

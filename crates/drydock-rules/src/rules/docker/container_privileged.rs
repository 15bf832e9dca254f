use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That no container runs with `--privileged` (`HostConfig.Privileged`).
    ///
    /// ## Why it matters
    /// A privileged container has every capability, every device, no seccomp, no AppArmor or
    /// SELinux confinement: root in it is root on the host.
    ///
    /// ## Remediation
    /// Drop `--privileged`; grant the specific capability or device the workload needs.
    pub static RULE = {
        id: "DH079",
        name: "privileged-container",
        cis: ["5.5"],
        target: Container,
        severity: Critical,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let evidence =
            Evidence::new("HostConfig.Privileged", c.privileged.to_string()).expected("false");
        if c.privileged {
            Outcome::fail(object, "runs privileged").with(evidence)
        } else {
            Outcome::pass(object, "not privileged").with(evidence)
        }
    })
}

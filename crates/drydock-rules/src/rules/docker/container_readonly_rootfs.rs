use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That each container's root filesystem is read-only (`HostConfig.ReadonlyRootfs`).
    ///
    /// ## Why it matters
    /// A writable root filesystem lets an intruder drop tools and change binaries inside the
    /// container, and hides what the application really writes.
    ///
    /// ## Remediation
    /// Run with `--read-only` and give the paths that must be written a volume or a `--tmpfs`
    /// (compose: `read_only: true`, `tmpfs:`).
    pub static RULE = {
        id: "DH087",
        name: "container-rootfs-writable",
        cis: ["5.13"],
        target: Container,
        severity: Medium,
        stride: [Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let evidence = Evidence::new("HostConfig.ReadonlyRootfs", c.readonly_rootfs.to_string())
            .expected("true");
        if c.readonly_rootfs {
            Outcome::pass(object, "root filesystem is read-only").with(evidence)
        } else {
            Outcome::fail(object, "root filesystem is writable").with(evidence)
        }
    })
}

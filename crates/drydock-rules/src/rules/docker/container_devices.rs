use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Which host devices each container gets (`--device`), for a person to confirm each is
    /// needed. Containers with none pass; privileged containers get every device and fail.
    ///
    /// ## Why it matters
    /// A device node lets the container talk to hardware or kernel drivers directly — a disk
    /// device, for example, exposes the whole filesystem on it.
    ///
    /// ## Remediation
    /// Remove `--device` entries that are not needed, and limit the rest to `r` or `rw`
    /// (no `m`).
    pub static RULE = {
        id: "DH092",
        name: "container-host-devices",
        cis: ["5.18"],
        target: Container,
        severity: Medium,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        if c.privileged {
            return Outcome::fail(object, "privileged: every host device is exposed")
                .with(Evidence::new("HostConfig.Privileged", "true"));
        }
        if c.devices.is_empty() {
            return Outcome::pass(object, "no host devices");
        }
        Outcome::manual(object, "host devices are exposed; confirm each is needed").with_all(
            c.devices.iter().map(|d| {
                Evidence::new(
                    "device",
                    format!(
                        "{} -> {} ({})",
                        d.path_on_host, d.path_in_container, d.permissions
                    ),
                )
            }),
        )
    })
}

use super::container_apparmor::module_absent;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// On hosts where the engine runs with SELinux (`name=selinux` in its security options),
    /// that each container has an SELinux process label and did not turn labelling off
    /// (`label=disable`) or run privileged. On other hosts the control does not apply.
    ///
    /// ## Why it matters
    /// SELinux labels keep a container's processes away from the host's and other containers'
    /// files even after an escape.
    ///
    /// ## Remediation
    /// Remove `--security-opt label=disable` and `--privileged`; set a specific type with
    /// `--security-opt label=type:<type>` where needed.
    pub static RULE = {
        id: "DH077",
        name: "container-without-selinux",
        cis: ["5.3"],
        target: Container,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    if let Some(absent) = module_absent(ctx, "name=selinux", "SELinux is not enabled in the daemon")
    {
        return absent;
    }
    ctx.per_container(|c, object| {
        let disabled = c
            .security_opt
            .iter()
            .any(|o| o == "label=disable" || o == "label:disable");
        let evidence = Evidence::new(
            "ProcessLabel",
            if c.process_label.is_empty() {
                "none".into()
            } else {
                c.process_label.clone()
            },
        )
        .expected("an SELinux label");
        if c.privileged || disabled || c.process_label.is_empty() {
            Outcome::fail(object, "runs without SELinux confinement")
                .with(evidence)
                .with(Evidence::new("SecurityOpt", c.security_opt.join(", ")))
        } else {
            Outcome::pass(object, "runs with an SELinux label").with(evidence)
        }
    })
}

use crate::declare_rule;
use crate::rule::{Context, all_of};
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// On hosts where the engine supports AppArmor (`name=apparmor` in its security options),
    /// that each container runs under a profile: `AppArmorProfile` is set and not
    /// `unconfined`, and the container is not privileged (privileged containers run
    /// unconfined). On other hosts the control does not apply.
    ///
    /// ## Why it matters
    /// The profile limits file, mount and network access of the container's processes; without
    /// it an escape is easier.
    ///
    /// ## Remediation
    /// Remove `--security-opt apparmor=unconfined`; keep the default `docker-default` profile
    /// or load a stricter one.
    pub static RULE = {
        id: "DH076",
        name: "container-without-apparmor",
        cis: ["5.2"],
        target: Container,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    if let Some(absent) =
        module_absent(ctx, "name=apparmor", "AppArmor is not enabled on this host")
    {
        return absent;
    }
    ctx.per_container(|c, object| {
        let profile = if c.privileged {
            "unconfined (privileged)".to_string()
        } else {
            c.apparmor_profile.clone()
        };
        let evidence = Evidence::new(
            "AppArmorProfile",
            if profile.is_empty() {
                "none".into()
            } else {
                profile.clone()
            },
        )
        .expected("a profile other than unconfined");
        if profile.is_empty() || profile.starts_with("unconfined") {
            Outcome::fail(object, "runs without an AppArmor profile").with(evidence)
        } else {
            Outcome::pass(object, format!("runs under AppArmor profile {profile}")).with(evidence)
        }
    })
}

/// The not-applicable result of a per-container security-module control on a host whose
/// daemon does not enforce the module, with the daemon's list as the evidence (`None` when it
/// does, or when the engine could not be read: the per-container results then say why).
pub fn module_absent(ctx: &Context, option: &str, message: &str) -> Option<Vec<Outcome>> {
    let engine = ctx.engine().ok()?;
    let options = &engine.info.security_options;
    if options.iter().any(|o| o.contains(option)) {
        return None;
    }
    Some(vec![
        Outcome::not_applicable(all_of(drydock_model::model::Target::Container), message).with(
            Evidence::new(
                "daemon SecurityOptions (GET /info)",
                if options.is_empty() {
                    "none".to_string()
                } else {
                    options.join(", ")
                },
            )
            .expected(option.to_string()),
        ),
    ])
}

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
    match ctx.engine() {
        Ok(e)
            if !e
                .info
                .security_options
                .iter()
                .any(|o| o.contains("name=apparmor")) =>
        {
            // The daemon lists the security modules it enforces in `/info`: that list is the
            // evidence the module is absent.
            return vec![
                Outcome::not_applicable(
                    all_of(drydock_model::model::Target::Container),
                    "AppArmor is not enabled on this host",
                )
                .with(
                    Evidence::new(
                        "daemon SecurityOptions (GET /info)",
                        if e.info.security_options.is_empty() {
                            "none".to_string()
                        } else {
                            e.info.security_options.join(", ")
                        },
                    )
                    .expected("name=apparmor"),
                ),
            ];
        }
        _ => {}
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

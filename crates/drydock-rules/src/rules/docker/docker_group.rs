use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Who is in the `docker` group: members listed in `/etc/group` and users whose primary
    /// group it is. With `--trusted-users a,b` every member must be named there (exact names);
    /// without it, the list is reported for a person to review.
    ///
    /// ## Why it matters
    /// Membership of the docker group is root on the host: a member can start a privileged
    /// container that mounts `/`.
    ///
    /// ## Remediation
    /// Remove users who do not need to drive Docker: `gpasswd -d <user> docker`.
    pub static RULE = {
        id: "DH002",
        name: "untrusted-docker-group-members",
        cis: ["1.1.2"],
        target: Host,
        severity: High,
        stride: [ElevationOfPrivilege, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::host();
    let group = match ctx.facts.host.docker_group.known() {
        Some(g) => g,
        None => {
            return vec![Outcome::unknown(
                object,
                format!(
                    "the docker group could not be read: {}",
                    ctx.facts.host.docker_group.reason().unwrap_or("unknown")
                ),
            )];
        }
    };
    if !group.exists {
        return vec![Outcome::pass(
            object,
            "there is no docker group, so no user gets daemon access through it",
        )];
    }
    let mut members: Vec<String> = group.members.clone();
    for user in &group.primary_members {
        if !members.contains(user) {
            members.push(format!("{user} (primary group)"));
        }
    }
    let listed = Evidence::new(
        "docker group members",
        if members.is_empty() {
            "none".to_string()
        } else {
            members.join(", ")
        },
    )
    .source("/etc/group, /etc/passwd");
    if members.is_empty() {
        return vec![Outcome::pass(object, "the docker group has no members").with(listed)];
    }
    if ctx.options.trusted_users.is_empty() {
        return vec![Outcome::manual(
            object,
            "confirm that every docker group member needs root-equivalent access (or pass --trusted-users)",
        )
        .with(listed)];
    }
    let all_users: Vec<&str> = group
        .members
        .iter()
        .chain(group.primary_members.iter())
        .map(String::as_str)
        .collect();
    let untrusted: Vec<&str> = all_users
        .iter()
        .copied()
        .filter(|u| !ctx.options.trusted_users.iter().any(|t| t == u))
        .collect();
    if untrusted.is_empty() {
        vec![Outcome::pass(object, "every docker group member is trusted").with(listed)]
    } else {
        vec![
            Outcome::fail(
                object,
                format!(
                    "docker group members not in --trusted-users: {}",
                    untrusted.join(", ")
                ),
            )
            .with(listed)
            .with(Evidence::new(
                "trusted users",
                ctx.options.trusted_users.join(", "),
            )),
        ]
    }
}

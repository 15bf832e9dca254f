use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

/// Whether a `User` value (`name`, `uid`, `user:group`) means root. The group does not
/// matter: `0:1000` and `root:staff` still run as uid 0.
pub fn user_is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name.is_empty() || name == "0" || name == "root"
}

declare_rule! {
    /// ## What it checks
    /// That each container runs as a non-root user: its `Config.User` (the image's `USER` or a
    /// `--user` override) is set and names neither `root` nor uid `0`, whatever group follows
    /// (`0:0`, `root:root` and `0:1000` are all root).
    ///
    /// ## Why it matters
    /// A process running as root inside the container is one kernel bug or one misconfigured
    /// mount away from root on the host.
    ///
    /// ## Remediation
    /// Create a user in the image (`RUN useradd -r -u 10001 app`) and switch to it (`USER app`),
    /// or run the container with `--user 10001:10001`. Entrypoints that drop privileges
    /// themselves (gosu, su-exec) should be waived with a reason.
    pub static RULE = {
        id: "DH063",
        name: "container-runs-as-root",
        cis: ["4.1"],
        target: Container,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let shown = if c.user.is_empty() {
            "(unset: root)".to_string()
        } else {
            c.user.clone()
        };
        let evidence = Evidence::new("Config.User", shown).expected("a non-root user");
        if user_is_root(&c.user) {
            Outcome::fail(object, "runs as root").with(evidence)
        } else {
            Outcome::pass(object, format!("runs as {}", c.user)).with(evidence)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::user_is_root;

    #[test]
    fn root_in_every_spelling() {
        for root in ["", "0", "root", "0:0", "root:root", "0:1000", " root "] {
            assert!(user_is_root(root), "{root:?}");
        }
        for user in ["app", "1000", "1000:0", "nobody:nogroup", "rooter"] {
            assert!(!user_is_root(user), "{user:?}");
        }
    }
}

use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

const UPDATES: &[&str] = &[
    "apt-get update",
    "apt update",
    "apk update",
    "yum makecache",
    "dnf makecache",
    "zypper refresh",
    "yum check-update",
];
const INSTALLS: &[&str] = &["install", "upgrade", "apk add", "dist-upgrade"];

/// Whether a layer's command refreshes the package index without installing in the same layer.
pub fn updates_alone(command: &str) -> bool {
    let lower = command.to_ascii_lowercase();
    UPDATES.iter().any(|u| lower.contains(u)) && !INSTALLS.iter().any(|i| lower.contains(i))
}

declare_rule! {
    /// ## What it checks
    /// Each image's history for a layer that refreshes the package index (`apt-get update`,
    /// `apk update`, `yum makecache`…) without installing in the same layer. A refresh chained
    /// to an install (`apt-get update && apt-get install …`) is fine.
    ///
    /// ## Why it matters
    /// A lone update layer is cached: later builds install from a stale index and miss
    /// security fixes.
    ///
    /// ## Remediation
    /// Join the update and the install in one `RUN` instruction.
    pub static RULE = {
        id: "DH069",
        name: "image-update-alone",
        cis: ["4.7"],
        target: Image,
        severity: Low,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|i, object| {
        let lone: Vec<&str> = i
            .history
            .iter()
            .map(|h| h.created_by.as_str())
            .filter(|c| updates_alone(c))
            .collect();
        if lone.is_empty() {
            Outcome::pass(object, "no layer refreshes the package index alone")
        } else {
            Outcome::fail(
                object,
                "a layer refreshes the package index without installing",
            )
            .with_all(lone.into_iter().map(|c| {
                Evidence::new("history", c.to_string()).expected("update and install in one layer")
            }))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::updates_alone;

    #[test]
    fn update_chained_to_install_is_fine() {
        assert!(updates_alone("/bin/sh -c apt-get update"));
        assert!(!updates_alone(
            "/bin/sh -c apt-get update && apt-get install -y curl"
        ));
        assert!(!updates_alone("RUN apk update && apk add git"));
        assert!(!updates_alone("/bin/sh -c make update-docs"));
    }
}

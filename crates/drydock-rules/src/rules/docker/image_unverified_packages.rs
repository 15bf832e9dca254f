use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

const UNVERIFIED: &[&str] = &[
    "--allow-unauthenticated",
    "--allow-untrusted",
    "--nogpgcheck",
    "--no-gpg-check",
    "--force-yes",
    "--no-check-certificate",
    "--insecure",
    "--trusted-host",
    "curl -k ",
    "gpgcheck=0",
];

declare_rule! {
    /// ## What it checks
    /// Each image's history for package or download commands that switch verification off
    /// (`--allow-unauthenticated`, `--nogpgcheck`, `--force-yes`, `--no-check-certificate`,
    /// `curl -k`, `pip --trusted-host`…). Finding none does not prove packages were verified,
    /// so a clean history is left to a person.
    ///
    /// ## Why it matters
    /// Unverified packages can be swapped in transit or by a compromised mirror.
    ///
    /// ## Remediation
    /// Remove the flags and import the repositories' signing keys.
    pub static RULE = {
        id: "DH073",
        name: "image-unverified-packages",
        cis: ["4.11"],
        target: Image,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|i, object| {
        let hits: Vec<Evidence> = i
            .history
            .iter()
            .filter(|h| UNVERIFIED.iter().any(|flag| h.created_by.contains(flag)))
            .map(|h| Evidence::new("history", h.created_by.clone()).expected("verified packages"))
            .collect();
        if hits.is_empty() {
            Outcome::manual(
                object,
                "no verification-disabling flags in the history; confirm packages are verified",
            )
        } else {
            Outcome::fail(
                object,
                "packages or downloads were installed without verification",
            )
            .with_all(hits)
        }
    })
}

use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::secrets::{is_masked, is_secret_name, looks_like_secret_value, mask};
use drydock_parse::yaml::Node;

declare_rule! {
    /// ## What it checks
    /// Containers whose environment holds a credential written into the manifest: an
    /// `env[].value` (not `valueFrom`) under a secret-like name (`*PASSWORD*`, `*TOKEN*`,
    /// `*SECRET*`, `*API_KEY*`, …), with the shape of a credential whatever its name (a
    /// GitHub, GitLab, Slack, Stripe, AWS or npm token, a JSON Web Token, a PEM private key), or
    /// a URL with a password in it (`postgres://app:…@db/app`).
    /// Values that only reference other variables (`$(VAR)`) are left alone.
    ///
    /// ## Why it matters
    /// A manifest is committed, reviewed, templated and applied from CI: a literal credential
    /// in it is readable by everyone who can read the repository or `get` the workload, and is
    /// never rotated with the cluster's Secrets. Drydock never prints the value (only its
    /// length).
    ///
    /// ## Example
    /// `env: [{name: API_TOKEN, value: "ghp_…"}]`.
    ///
    /// ## Remediation
    /// Move the value into a Secret (or an external secret store) and mount it as a file, or
    /// at least reference it with `valueFrom.secretKeyRef`; then rotate the credential, since
    /// it has been exposed.
    pub static RULE = {
        id: "KC20",
        name: "secret-literal-in-env",
        title: "A credential is written into a container's environment",
        cis: [],
        target: KubeWorkload,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

/// Whether a value is a URL with a password in it (`postgres://user:pass@host/db`).
fn url_password(value: &str) -> bool {
    value
        .split_once("://")
        .and_then(|(_, rest)| rest.split(['/', '?']).next()?.rsplit_once('@'))
        .and_then(|(creds, _)| creds.split_once(':'))
        .is_some_and(|(_, pass)| !pass.is_empty() && !pass.starts_with("$("))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        for c in w.containers() {
            for e in c.node.get("env").map_or(&[][..], Node::items) {
                let Some(value_node) = e.get("value") else {
                    continue;
                };
                let value = value_node
                    .as_str()
                    .map(str::to_string)
                    .or_else(|| value_node.raw.as_deref().cloned())
                    .unwrap_or_default();
                let name = e.get("name").and_then(|n| n.as_str()).unwrap_or("");
                if value.is_empty() || value.contains("$(") {
                    continue;
                }
                let why = if looks_like_secret_value(&value) || is_masked(&value) {
                    "has the shape of a credential"
                } else if url_password(&value) {
                    "holds a password in a URL"
                } else if is_secret_name(name) {
                    "is a secret-like name set to a literal value"
                } else {
                    continue;
                };
                out.push(
                    finding(&RULE, w, Some(c.name), value_node, format!("{name} {why}")).with(
                        Evidence::new(name, mask(&value))
                            .expected("valueFrom.secretKeyRef or a mounted Secret"),
                    ),
                );
            }
        }
        out
    })
}

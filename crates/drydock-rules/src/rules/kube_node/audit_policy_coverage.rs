use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// Reads the audit policy `--audit-policy-file` names and shows, for a person to judge, its
    /// rules and the level applied to Secrets, ConfigMaps and TokenReviews.
    ///
    /// ## Why it matters
    /// A policy must record changes and access to sensitive resources, but logging Secret bodies
    /// would put them in the log.
    ///
    /// ## Remediation
    /// Log Secrets, ConfigMaps and TokenReviews at `Metadata`; log changes to pods and RBAC at
    /// least at `Metadata`.
    pub static RULE = {
        id: "KN072",
        name: "audit-policy-coverage",
        cis: [],
        kube_cis: ["3.2.2"],
        target: KubeComponent,
        severity: Info,
        stride: [Repudiation],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    on_component(ctx, APISERVER, |node, c| {
        let Some(flag) = c.flag("audit-policy-file") else {
            return vec![Outcome::not_applicable(
                c.object(),
                "the API server has no audit policy (see 3.2.1)",
            )];
        };
        let path = c.host_path(&flag.value);
        let root = match config_file(node.facts, &path) {
            ConfigFile::Parsed(root) => root,
            ConfigFile::Problem(p) => {
                return vec![Outcome::unknown(
                    c.object(),
                    format!("the audit policy could not be read: {p}"),
                )];
            }
        };
        let rules = root.get("rules").map(|r| r.items()).unwrap_or_default();
        let level_for = |resource: &str| -> String {
            // The first rule that names the resource (or names no resources) decides, as in the API server.
            rules
                .iter()
                .find(|rule| match rule.get("resources") {
                    None => true,
                    Some(groups) => groups.items().iter().any(|g| {
                        g.get("resources")
                            .is_none_or(|r| r.items().iter().any(|n| n.as_str() == Some(resource)))
                    }),
                })
                .and_then(|rule| {
                    rule.get("level")
                        .and_then(|l| l.as_str())
                        .map(str::to_string)
                })
                .unwrap_or_else(|| "None".to_string())
        };
        let evidence = vec![
            Evidence::new("rules", rules.len().to_string()).source(path.clone()),
            Evidence::new("level for secrets", level_for("secrets")).expected("Metadata"),
            Evidence::new("level for configmaps", level_for("configmaps")).expected("Metadata"),
            Evidence::new("level for tokenreviews", level_for("tokenreviews")).expected("Metadata"),
        ];
        vec![
            Outcome::manual(
                c.object(),
                format!(
                    "review that the audit policy {path} covers the cluster's security concerns"
                ),
            )
            .with_all(evidence),
        ]
    })
}

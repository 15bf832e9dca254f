use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server refuses anonymous requests: `anonymous.enabled` of the
    /// `--authentication-config` file when it sets it, else `--anonymous-auth`, whose default is
    /// `true`.
    ///
    /// ## Why it matters
    /// Anonymous requests reach every endpoint that RBAC grants to `system:anonymous` or
    /// `system:unauthenticated`, which a single careless binding opens to the network.
    ///
    /// ## Remediation
    /// Add `--anonymous-auth=false` to the API server's flags (or `anonymous: {enabled: false}` in
    /// its authentication configuration file). Health checks that rely on anonymous access must
    /// then authenticate.
    pub static RULE = {
        id: "KN022",
        name: "apiserver-anonymous-auth",
        cis: [],
        kube_cis: ["1.2.1"],
        target: KubeComponent,
        severity: High,
        stride: [Spoofing, InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    on_component(ctx, APISERVER, |node, c| {
        match apiserver_anonymous(node.facts, c) {
            Err(problem) => vec![Outcome::unknown(
                c.object(),
                format!("the authentication configuration could not be read: {problem}"),
            )],
            Ok((anonymous, source)) => {
                let evidence = Evidence::new(
                    "anonymous requests",
                    if anonymous { "allowed" } else { "refused" },
                )
                .expected("refused")
                .source(format!("{source} in {}", c.source()));
                let outcome = if anonymous {
                    Outcome::fail(c.object(), "the API server accepts anonymous requests")
                } else {
                    Outcome::pass(c.object(), "the API server refuses anonymous requests")
                };
                vec![outcome.with(evidence)]
            }
        }
    })
}

use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// YAML problems in manifests: syntax errors, duplicate keys, alias bombs and excessive nesting
    /// (refused). The other documents of the file are still checked.
    ///
    /// ## Why it matters
    /// The API server rejects such a document, or (for duplicate keys) keeps a value other than the
    /// one reviewed.
    ///
    /// ## Remediation
    /// Fix the document; `kubectl apply --dry-run=server` reports the same problems.
    pub static RULE = {
        id: "KC19",
        name: "manifest-invalid",
        title: "A manifest does not parse",
        cis: [],
        kube_cis: [],
        target: KubeObject,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.project()
        .kube_errors
        .iter()
        .map(|e| {
            let object = drydock_model::model::ObjectRef {
                kind: drydock_model::model::Target::KubeObject,
                id: format!("{}#", e.path),
                name: e.path.clone(),
            };
            Outcome::fail(
                object,
                format!("line {}: {}", e.error.pos.line, e.error.message),
            )
            .at(&e.path, e.error.pos.line.max(1), e.error.pos.column.max(1))
        })
        .collect()
}

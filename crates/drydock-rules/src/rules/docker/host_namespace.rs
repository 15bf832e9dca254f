//! Shared judgement of namespace sharing with the host (CIS 5.10, 5.16, 5.17, 5.21, 5.31).

use crate::rule::Context;
use drydock_model::facts::ContainerFacts;
use drydock_model::model::{Evidence, Outcome};

/// Fails each container whose namespace mode (read by `mode`) is `host`.
pub fn check_not_host(
    ctx: &Context,
    field: &str,
    namespace: &str,
    mode: fn(&ContainerFacts) -> &str,
) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let value = mode(c);
        let evidence = Evidence::new(field, if value.is_empty() { "(default)" } else { value })
            .expected("not host");
        if value == "host" {
            Outcome::fail(object, format!("shares the host's {namespace} namespace")).with(evidence)
        } else if let Some(other) = value.strip_prefix("container:") {
            Outcome::pass(
                object,
                format!("shares the {namespace} namespace of container {other}, not the host's"),
            )
            .with(evidence)
        } else {
            Outcome::pass(object, format!("has its own {namespace} namespace")).with(evidence)
        }
    })
}

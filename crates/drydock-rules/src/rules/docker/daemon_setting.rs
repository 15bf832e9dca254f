//! Shared judgement of one dockerd setting (CIS section 2).

use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};
use drydock_settings::daemon::Lookup;

/// Evidence of one setting: its value and where it came from.
pub fn setting_evidence(key: &str, lookup: &Lookup, shown: &str, expected: &str) -> Evidence {
    Evidence::new(key, shown)
        .expected(expected)
        .source(lookup.source())
}

/// Judges a boolean setting that should have the value `want`.
pub fn check_bool(ctx: &Context, key: &str, default: bool, want: bool, what: &str) -> Vec<Outcome> {
    let lookup = ctx.daemon.lookup(key);
    match lookup.as_bool(default) {
        Ok(value) => {
            let evidence = setting_evidence(key, &lookup, &value.to_string(), &want.to_string());
            let outcome = if value == want {
                Outcome::pass(ObjectRef::daemon(), format!("{what}: {key} is {value}"))
            } else {
                Outcome::fail(ObjectRef::daemon(), format!("{what}: {key} is {value}"))
            };
            vec![outcome.with(evidence)]
        }
        Err(reason) => vec![Outcome::unknown(
            ObjectRef::daemon(),
            format!("{key} cannot be determined: {reason}"),
        )],
    }
}

//! The rule catalog.

pub mod docker;

use crate::rule::Rule;

/// Every rule drydock has.
pub fn catalog() -> Vec<&'static Rule> {
    docker::rules()
}

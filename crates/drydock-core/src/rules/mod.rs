//! The rule catalog.

pub mod compose;
pub mod docker;
pub mod dockerfile;
pub mod image_archive;
pub mod kube_node;
pub mod kubernetes;

use crate::rule::Rule;

/// Every rule drydock has.
pub fn catalog() -> Vec<&'static Rule> {
    let mut all = docker::rules();
    all.extend(dockerfile::rules());
    all.extend(compose::rules());
    all.extend(image_archive::rules());
    all.extend(kubernetes::rules());
    all.extend(kube_node::rules());
    all.sort_by_key(|r| r.id);
    all
}

/// The rule with this drydock id.
pub fn find(id: &str) -> Option<&'static Rule> {
    static BY_ID: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static Rule>> =
        std::sync::OnceLock::new();
    BY_ID
        .get_or_init(|| catalog().into_iter().map(|r| (r.id, r)).collect())
        .get(id)
        .copied()
}

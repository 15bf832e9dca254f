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

/// The rules a query names: a drydock id (`DH001`), a rule name (`privileged-container`), a
/// CIS Docker id in `numbering` (`5.5`), or a CIS id qualified with its benchmark
/// (`cis-docker-1.2.0:5.4`, `cis-kubernetes-1.12:4.2.1`, or `kubernetes:4.2.1`).
pub fn query(
    query: &str,
    numbering: drydock_model::benchmark::DockerBenchmark,
) -> Vec<&'static Rule> {
    let query = query.trim();
    let (numbering, cis_id) = match query.split_once(':') {
        Some((qualifier, id)) => {
            let qualifier = qualifier.trim();
            if qualifier == "kubernetes" || qualifier == drydock_model::benchmark::KUBE_BENCHMARK {
                let id = id.trim();
                return catalog()
                    .into_iter()
                    .filter(|r| r.kube_cis.contains(&id))
                    .collect();
            }
            match drydock_model::benchmark::DockerBenchmark::parse(qualifier) {
                Some(b) => (b, id.trim()),
                None => return Vec::new(),
            }
        }
        None => (numbering, query),
    };
    let by_cis = drydock_model::benchmark::docker_control_in(numbering, cis_id).map(|c| c.id());
    catalog()
        .into_iter()
        .filter(|r| {
            r.id.eq_ignore_ascii_case(query)
                || r.name == query
                || by_cis.is_some_and(|id| r.cis.contains(&id))
        })
        .collect()
}

//! The CIS Docker Benchmark control lists, kept as data (`data/cis-docker.tsv`).
//!
//! Controls were renumbered between versions (5.1 of 1.6.0 was 7.1 before; 3.20–3.22 were
//! shuffled), so a control is identified by its 1.6.0 id and every other version's id is an
//! alias looked up here.

use crate::model::Assessment;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A CIS Docker Benchmark version drydock knows the numbering of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DockerBenchmark {
    /// CIS Docker Benchmark 1.6.0 (the version drydock evaluates).
    #[serde(rename = "cis-docker-1.6.0")]
    V160,
    /// CIS Docker Benchmark 1.5.0.
    #[serde(rename = "cis-docker-1.5.0")]
    V150,
    /// CIS Docker Benchmark 1.3.1.
    #[serde(rename = "cis-docker-1.3.1")]
    V131,
    /// CIS Docker Benchmark 1.2.0.
    #[serde(rename = "cis-docker-1.2.0")]
    V120,
}

impl DockerBenchmark {
    /// Every version, newest first.
    pub const ALL: [DockerBenchmark; 4] = [
        DockerBenchmark::V160,
        DockerBenchmark::V150,
        DockerBenchmark::V131,
        DockerBenchmark::V120,
    ];

    /// Name used on the command line and in reports, e.g. `cis-docker-1.6.0`.
    pub fn name(self) -> &'static str {
        match self {
            DockerBenchmark::V160 => "cis-docker-1.6.0",
            DockerBenchmark::V150 => "cis-docker-1.5.0",
            DockerBenchmark::V131 => "cis-docker-1.3.1",
            DockerBenchmark::V120 => "cis-docker-1.2.0",
        }
    }

    /// Parses `cis-docker-1.2.0`, `1.2.0` or `v1.2.0`.
    pub fn parse(text: &str) -> Option<Self> {
        let version = text
            .trim()
            .trim_start_matches("cis-docker-")
            .trim_start_matches('v');
        DockerBenchmark::ALL
            .into_iter()
            .find(|b| b.name().trim_start_matches("cis-docker-") == version)
    }

    fn column(self) -> usize {
        match self {
            DockerBenchmark::V160 => 0,
            DockerBenchmark::V150 => 1,
            DockerBenchmark::V131 => 2,
            DockerBenchmark::V120 => 3,
        }
    }
}

/// One control of the benchmark with its id in every version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    /// Ids in 1.6.0, 1.5.0, 1.3.1, 1.2.0 (`None` where the control did not exist).
    pub ids: [Option<String>; 4],
    /// `L1` or `L2`.
    pub level: u8,
    /// Automated or manual in 1.6.0.
    pub assessment: Assessment,
    /// Title as the benchmark words it.
    pub title: String,
}

impl Control {
    /// The id of this control in a given version.
    pub fn id_in(&self, benchmark: DockerBenchmark) -> Option<&str> {
        self.ids[benchmark.column()].as_deref()
    }

    /// The 1.6.0 id (always present).
    pub fn id(&self) -> &str {
        self.ids[0].as_deref().unwrap_or_default()
    }

    /// The section number (`1` … `7`) in 1.6.0.
    pub fn section(&self) -> u8 {
        self.id()
            .split('.')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }
}

const TABLE: &str = include_str!("../data/cis-docker.tsv");

/// Every control of CIS Docker 1.6.0 sections 1–7.
pub fn docker_controls() -> &'static [Control] {
    static CONTROLS: OnceLock<Vec<Control>> = OnceLock::new();
    CONTROLS.get_or_init(|| parse_table(TABLE))
}

fn parse_table(table: &str) -> Vec<Control> {
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("cis_"))
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let cell = |i: usize| cells.get(i).copied().unwrap_or("").trim();
            let id = |i: usize| Some(cell(i).to_string()).filter(|s| !s.is_empty());
            Control {
                ids: [id(0), id(1), id(2), id(3)],
                level: if cell(4) == "L2" { 2 } else { 1 },
                assessment: if cell(5) == "Manual" {
                    Assessment::Manual
                } else {
                    Assessment::Automated
                },
                title: cell(6).to_string(),
            }
        })
        .collect()
}

/// Finds a control by its 1.6.0 id.
pub fn docker_control(id_160: &str) -> Option<&'static Control> {
    docker_controls().iter().find(|c| c.id() == id_160)
}

/// Finds a control by its id in a given version.
pub fn docker_control_in(benchmark: DockerBenchmark, id: &str) -> Option<&'static Control> {
    docker_controls()
        .iter()
        .find(|c| c.id_in(benchmark) == Some(id))
}

/// Title of a 1.6.0 section.
pub fn docker_section_title(section: u8) -> &'static str {
    match section {
        1 => "Host configuration",
        2 => "Docker daemon configuration",
        3 => "Docker daemon configuration files",
        4 => "Container images and build files",
        5 => "Container runtime",
        6 => "Docker security operations",
        7 => "Docker swarm configuration",
        _ => "Other",
    }
}

/// Title of a section of CIS Kubernetes 1.12.
pub fn kube_section_title(section: u8) -> &'static str {
    match section {
        1 => "Control plane components",
        2 => "etcd",
        3 => "Control plane configuration",
        4 => "Worker nodes",
        5 => "Policies",
        _ => "Other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_control_of_sections_one_to_seven() {
        let controls = docker_controls();
        assert_eq!(controls.len(), 117);
        for section in 1..=7 {
            assert!(controls.iter().any(|c| c.section() == section));
        }
    }

    #[test]
    fn renumbered_controls_resolve_across_versions() {
        // 5.10 in 1.2.0 is the memory limit, which is 5.11 in 1.6.0.
        let memory = docker_control_in(DockerBenchmark::V120, "5.10").unwrap();
        assert_eq!(memory.id(), "5.11");
        // Swarm mode moved from 7.1 to 5.1.
        assert_eq!(
            docker_control_in(DockerBenchmark::V150, "7.1")
                .unwrap()
                .id(),
            "5.1"
        );
        // 3.20 of 1.2.0 is the /etc/sysconfig/docker ownership, 3.22 of 1.6.0.
        assert_eq!(
            docker_control_in(DockerBenchmark::V120, "3.20")
                .unwrap()
                .id(),
            "3.22"
        );
        assert!(
            docker_control("1.1.4")
                .unwrap()
                .id_in(DockerBenchmark::V150)
                .is_none()
        );
    }

    #[test]
    fn versions_parse_in_every_spelling() {
        assert_eq!(
            DockerBenchmark::parse("cis-docker-1.2.0"),
            Some(DockerBenchmark::V120)
        );
        assert_eq!(DockerBenchmark::parse("1.3.1"), Some(DockerBenchmark::V131));
        assert_eq!(
            DockerBenchmark::parse("v1.6.0"),
            Some(DockerBenchmark::V160)
        );
        assert_eq!(DockerBenchmark::parse("1.7.0"), None);
    }
}

/// Name of the Kubernetes benchmark drydock evaluates.
pub const KUBE_BENCHMARK: &str = "cis-kubernetes-1.12";

/// One control of the CIS Kubernetes Benchmark 1.12.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeControl {
    /// Control id (`5.2.2`).
    pub id: String,
    /// Target: `master`, `etcd`, `controlplane`, `node` or `policies`.
    pub target: String,
    /// Title as the benchmark words it.
    pub title: String,
    /// Whether the benchmark scores it.
    pub scored: bool,
}

const KUBE_TABLE: &str = include_str!("../data/cis-kubernetes-1.12.tsv");

/// Every control of CIS Kubernetes 1.12.
pub fn kube_controls() -> &'static [KubeControl] {
    static CONTROLS: OnceLock<Vec<KubeControl>> = OnceLock::new();
    CONTROLS.get_or_init(|| {
        KUBE_TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("id\t") && !l.trim().is_empty())
            .map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                KubeControl {
                    id: c.first().copied().unwrap_or("").to_string(),
                    target: c.get(1).copied().unwrap_or("").to_string(),
                    title: c.get(2).copied().unwrap_or("").to_string(),
                    scored: c.get(3).copied() == Some("True"),
                }
            })
            .collect()
    })
}

/// Finds a Kubernetes control by id.
pub fn kube_control(id: &str) -> Option<&'static KubeControl> {
    kube_controls().iter().find(|c| c.id == id)
}

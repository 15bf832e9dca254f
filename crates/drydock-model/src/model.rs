//! The vocabulary shared by rules, the report and the reporters.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The outcome of one rule on one object.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The control is violated.
    Fail,
    /// The facts needed could not be read; never counted as a pass.
    Unknown,
    /// A person must judge; the evidence gathered is attached.
    Manual,
    /// The control holds.
    Pass,
    /// The control does not apply (the component or file is absent).
    NotApplicable,
}

impl Status {
    /// Upper-case tag used in text output.
    pub fn tag(self) -> &'static str {
        match self {
            Status::Fail => "FAIL",
            Status::Unknown => "UNKNOWN",
            Status::Manual => "MANUAL",
            Status::Pass => "PASS",
            Status::NotApplicable => "N/A",
        }
    }
}

/// How much harm a violation of the control can do.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Little direct harm.
    Low,
    /// Weakens a defence.
    Medium,
    /// Opens a path to compromise.
    High,
    /// Gives the host or cluster away.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// STRIDE threat category.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Stride {
    Spoofing,
    Tampering,
    Repudiation,
    InformationDisclosure,
    DenialOfService,
    ElevationOfPrivilege,
}

impl Stride {
    /// Every category.
    pub const ALL: [Stride; 6] = [
        Stride::Spoofing,
        Stride::Tampering,
        Stride::Repudiation,
        Stride::InformationDisclosure,
        Stride::DenialOfService,
        Stride::ElevationOfPrivilege,
    ];

    /// Kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Stride::Spoofing => "spoofing",
            Stride::Tampering => "tampering",
            Stride::Repudiation => "repudiation",
            Stride::InformationDisclosure => "information-disclosure",
            Stride::DenialOfService => "denial-of-service",
            Stride::ElevationOfPrivilege => "elevation-of-privilege",
        }
    }

    /// The one-letter STRIDE code.
    pub fn letter(self) -> char {
        match self {
            Stride::Spoofing => 'S',
            Stride::Tampering => 'T',
            Stride::Repudiation => 'R',
            Stride::InformationDisclosure => 'I',
            Stride::DenialOfService => 'D',
            Stride::ElevationOfPrivilege => 'E',
        }
    }
}

/// What kind of object a rule is evaluated on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The host operating system.
    Host,
    /// The Docker daemon's settings.
    Daemon,
    /// A file or directory on the host.
    File,
    /// An image.
    Image,
    /// A container.
    Container,
    /// A network.
    Network,
    /// The swarm.
    Swarm,
    /// A Dockerfile.
    Dockerfile,
    /// A service of a compose project.
    ComposeService,
    /// An image in an archive.
    ImageArchive,
    /// A Kubernetes workload (or one of its containers) in a manifest.
    KubeWorkload,
    /// Another Kubernetes object in a manifest (RBAC, namespaces, service accounts).
    KubeObject,
    /// A Kubernetes component on the audited node (API server, etcd, kubelet …).
    KubeComponent,
}

impl Target {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Target::Host => "host",
            Target::Daemon => "daemon",
            Target::File => "file",
            Target::Image => "image",
            Target::Container => "container",
            Target::Network => "network",
            Target::Swarm => "swarm",
            Target::Dockerfile => "dockerfile",
            Target::ComposeService => "compose-service",
            Target::ImageArchive => "image-archive",
            Target::KubeWorkload => "kube-workload",
            Target::KubeObject => "kube-object",
            Target::KubeComponent => "kube-component",
        }
    }

    /// Whether objects of this kind are files in a project (reported by file and line).
    pub fn is_project(self) -> bool {
        matches!(
            self,
            Target::Dockerfile
                | Target::ComposeService
                | Target::ImageArchive
                | Target::KubeWorkload
                | Target::KubeObject
        )
    }
}

/// Whether the benchmark scores a control automatically or leaves it to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    Automated,
    Manual,
}

/// The object one result is about.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct ObjectRef {
    /// Kind of object.
    pub kind: Target,
    /// Stable identifier: a container or image id, a host path, `dockerd`.
    pub id: String,
    /// Name people know it by (container name, image tag, path).
    pub name: String,
}

impl ObjectRef {
    /// What names the object in a sentence or an id: its name, or its id when it has none.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }

    /// The host itself.
    pub fn host() -> Self {
        ObjectRef {
            kind: Target::Host,
            id: "host".into(),
            name: "host".into(),
        }
    }

    /// The Docker daemon.
    pub fn daemon() -> Self {
        ObjectRef {
            kind: Target::Daemon,
            id: "dockerd".into(),
            name: "dockerd".into(),
        }
    }

    /// A host path.
    pub fn file(path: &str) -> Self {
        ObjectRef {
            kind: Target::File,
            id: path.into(),
            name: path.into(),
        }
    }

    /// A Kubernetes component of the audited node.
    pub fn kube_component(name: &str) -> Self {
        ObjectRef {
            kind: Target::KubeComponent,
            id: name.into(),
            name: name.into(),
        }
    }

    /// The swarm.
    pub fn swarm() -> Self {
        ObjectRef {
            kind: Target::Swarm,
            id: "swarm".into(),
            name: "swarm".into(),
        }
    }
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Target::Container | Target::Image | Target::Network if self.id != self.name => {
                let short: String = self
                    .id
                    .trim_start_matches("sha256:")
                    .chars()
                    .take(12)
                    .collect();
                write!(f, "{} {} ({})", self.kind.name(), self.name, short)
            }
            _ => write!(f, "{} {}", self.kind.name(), self.name),
        }
    }
}

/// One piece of evidence behind a result: what was read, where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// The setting or field, e.g. `HostConfig.Privileged` or `daemon.json: icc`.
    pub field: String,
    /// The value found.
    pub actual: String,
    /// The value the control wants, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Where the value was read (file and line, API endpoint, process).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Evidence {
    /// Evidence with a field and the value found.
    pub fn new(field: impl Into<String>, actual: impl Into<String>) -> Self {
        Evidence {
            field: field.into(),
            actual: actual.into(),
            expected: None,
            source: None,
        }
    }

    /// Adds the expected value.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Adds where the value came from.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }
}

/// A place in a file.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Location {
    /// Path as shown to the user.
    // Every result in a file names it: one shared copy.
    pub path: std::sync::Arc<String>,
    /// Line, from 1.
    // 32 bits, as the column: every result on a file has a location (a file of more than
    // four billion lines is not read). The published schema is unchanged.
    #[schemars(with = "usize")]
    pub line: u32,
    /// Column, from 1.
    #[schemars(with = "usize")]
    pub column: u32,
}

/// What a rule says about one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The object.
    // Shared: a rule may hand every outcome on one object the object's one copy (a workload
    // of a cluster has a finding of each of a dozen rules).
    pub object: std::sync::Arc<ObjectRef>,
    /// The verdict.
    pub status: Status,
    /// One sentence for people.
    pub message: String,
    /// What the verdict rests on.
    pub evidence: Vec<Evidence>,
    /// Where in a file the problem is, for findings on project files.
    pub location: Option<Location>,
    /// Set when the input itself exempts this result (a Kubernetes ignore annotation): the
    /// reason and where it is written.
    // Boxed: it is rare, and a rule's outcomes all live until it ends.
    pub suppressed: Option<Box<(String, String)>>,
}

impl Outcome {
    /// A new outcome.
    pub fn new(
        object: impl Into<std::sync::Arc<ObjectRef>>,
        status: Status,
        message: impl Into<String>,
    ) -> Self {
        Outcome {
            object: object.into(),
            status,
            message: message.into(),
            evidence: Vec::new(),
            location: None,
            suppressed: None,
        }
    }

    /// Adds the place in a file.
    pub fn at(mut self, path: &str, line: usize, column: usize) -> Self {
        self.location = Some(Location {
            path: std::sync::Arc::new(path.to_string()),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        });
        self
    }

    /// A passing outcome.
    pub fn pass(object: impl Into<std::sync::Arc<ObjectRef>>, message: impl Into<String>) -> Self {
        Self::new(object, Status::Pass, message)
    }

    /// A failing outcome.
    pub fn fail(object: impl Into<std::sync::Arc<ObjectRef>>, message: impl Into<String>) -> Self {
        Self::new(object, Status::Fail, message)
    }

    /// An unknown outcome.
    pub fn unknown(
        object: impl Into<std::sync::Arc<ObjectRef>>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(object, Status::Unknown, message)
    }

    /// A manual outcome.
    pub fn manual(
        object: impl Into<std::sync::Arc<ObjectRef>>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(object, Status::Manual, message)
    }

    /// A not-applicable outcome.
    pub fn not_applicable(
        object: impl Into<std::sync::Arc<ObjectRef>>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(object, Status::NotApplicable, message)
    }

    /// Adds one piece of evidence.
    pub fn with(mut self, evidence: Evidence) -> Self {
        // Room for this one only: a list's first push makes room for four, and a rule's
        // outcomes (one per object of a cluster, most with one piece) all live until it ends.
        self.evidence.reserve_exact(1);
        self.evidence.push(evidence);
        self
    }

    /// Adds several pieces of evidence.
    pub fn with_all(mut self, evidence: impl IntoIterator<Item = Evidence>) -> Self {
        self.evidence.extend(evidence);
        self.evidence.shrink_to_fit();
        self
    }
}

/// A Pod Security Standards level.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PssLevel {
    /// The baseline profile.
    Baseline,
    /// The restricted profile.
    Restricted,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_piece_of_evidence_takes_room_for_one() {
        let outcome = Outcome::fail(ObjectRef::host(), "runs as root")
            .with(Evidence::new("user", "root").expected("a non-root user"));
        assert_eq!(outcome.evidence.capacity(), 1);
        let outcome = outcome.with(Evidence::new("uid", "0"));
        assert_eq!(outcome.evidence.len(), 2);
        let many = Outcome::fail(ObjectRef::host(), "x")
            .with_all((0..3).map(|i| Evidence::new("field", i.to_string())));
        assert_eq!(many.evidence.capacity(), 3);
    }
}

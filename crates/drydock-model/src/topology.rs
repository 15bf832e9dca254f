//! The threat model of the system as it is: its topology built from the audit's evidence
//! (containers, compose services, Kubernetes workloads, their networks, published ports,
//! mounts and identities), the attack paths through it, and a plan of fix actions — each one
//! change a person makes, with every control it turns to pass, the threat instances it
//! mitigates and the paths it cuts.

use crate::model::Severity;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// When and of what the analysis was made, so that an auditor can file it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// When the audit ran (UTC, RFC 3339).
    pub made_at: String,
    /// The host audited (or "files only").
    pub host: String,
    /// drydock's version.
    pub tool_version: String,
}

/// What an element of the topology is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ElementKind {
    /// The world outside the host: where published ports are reached from.
    Outside,
    /// A live container (identical replicas folded into one).
    Container,
    /// A compose service.
    Service,
    /// A Kubernetes workload.
    Workload,
    /// The Docker daemon's API.
    DockerApi,
    /// The host: root on it is the impact of a container escape.
    Host,
    /// The Kubernetes API server.
    ApiServer,
}

/// An element of the system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SystemElement {
    /// Stable id (`container:web`, `service:compose.yaml#db`, `workload:shop/Deployment/web`).
    pub id: String,
    /// What it is.
    pub kind: ElementKind,
    /// Its name as people know it.
    pub name: String,
    /// Identical replicas folded into this element (1 when alone).
    pub replicas: usize,
    /// The trust zones it is in (networks, namespaces).
    pub zones: Vec<String>,
    /// The ids of the audited objects it stands for (for the results and threat instances).
    pub objects: Vec<String>,
    /// The image it runs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image: String,
    /// What makes it dangerous or exposed (`runs as root`, `privileged`, `docker.sock`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traits: Vec<String>,
    /// How exposed it is: `all interfaces`, `one interface`, `loopback`, `internal`.
    pub exposure: String,
}

/// A trust zone: a network, or a Kubernetes namespace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Zone {
    /// Id (`network:bridge`, `compose:compose.yaml#internal`, `namespace:shop`).
    pub id: String,
    /// Name.
    pub name: String,
    /// `docker-network`, `compose-network`, `namespace`.
    pub kind: String,
    /// Whether traffic into it is restricted (an internal network, a namespace with a
    /// NetworkPolicy).
    pub isolated: bool,
}

/// A flow between two elements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SystemFlow {
    /// From (element id).
    pub from: String,
    /// To (element id).
    pub to: String,
    /// `publishes` (outside reaches a port), `controls` (the Docker API through its socket),
    /// `escapes` (to the host), `authenticates` (to the API server as a service account),
    /// `starts` (the daemon starts containers as root).
    pub kind: String,
    /// What it is, in words (`0.0.0.0:8080 → 80/tcp`, `docker.sock mounted`).
    pub label: String,
    /// The control that, passing, removes the flow (rule id), when one does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub control: String,
}

/// The data-flow model of the audited system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Topology {
    /// Elements.
    pub elements: Vec<SystemElement>,
    /// Zones.
    pub zones: Vec<Zone>,
    /// Flows.
    pub flows: Vec<SystemFlow>,
}

/// One step of an attack path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PathStep {
    /// From (element id).
    pub from: String,
    /// To (element id).
    pub to: String,
    /// What the attacker does, in words.
    pub action: String,
    /// The failing control that allows it (rule id), when one does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub control: String,
    /// Its CIS id, when it has one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cis: String,
    /// The threat instance the step is (`DT06@container/web`), when one is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub threat: String,
}

/// A chain of steps from an entry to an impact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AttackPath {
    /// Rank, from 1 (most severe impact, most exposed entry first).
    pub rank: usize,
    /// Id (`P1`).
    pub id: String,
    /// Where it starts, in words (`0.0.0.0:8080 on web`).
    pub entry: String,
    /// How exposed the entry is: `all interfaces`, `one interface`, `loopback`, `image`.
    pub exposure: String,
    /// What it reaches: `host root`, `cluster-admin`, `Docker API`, `service reached`.
    pub impact: String,
    /// Risk level: likelihood (exposure) × impact.
    pub risk: Severity,
    /// Its steps.
    pub steps: Vec<PathStep>,
    /// The whole path in one line (`0.0.0.0:8080 → web (root, docker.sock) → Docker API → host root`).
    pub summary: String,
}

/// What a fix action does to a threat instance, found by re-assessing the instance with the
/// action's controls passing. Declared in the words' alphabetical order, so that threats
/// sort as their written form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionEffect {
    /// The instance would be mitigated.
    Closes,
    /// Its mitigations already held, or only hardening changes.
    Hardens,
    /// Only hardening would remain.
    Mitigates,
    /// Other mitigations still fail.
    Reduces,
}

impl ActionEffect {
    /// The word, as written in a report.
    pub fn word(self) -> &'static str {
        match self {
            ActionEffect::Closes => "closes",
            ActionEffect::Hardens => "hardens",
            ActionEffect::Mitigates => "mitigates",
            ActionEffect::Reduces => "reduces",
        }
    }
}

/// A threat instance a fix action acts on, with the effect: written `<effect> <instance id>`
/// (`closes DT08@container/web`).
// The instance's id is shared with the instance: a cluster's actions name hundreds of
// thousands of instances, and a line of text each was the plan's largest part.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionThreat {
    /// The effect.
    pub effect: ActionEffect,
    /// The instance's id.
    pub instance: crate::threat_report::InstanceId,
}

impl std::fmt::Display for ActionThreat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.effect.word(), self.instance)
    }
}

impl Serialize for ActionThreat {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ActionThreat {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let (word, instance) = text.split_once(' ').unwrap_or((&text, ""));
        let effect = [
            ActionEffect::Closes,
            ActionEffect::Hardens,
            ActionEffect::Mitigates,
            ActionEffect::Reduces,
        ]
        .into_iter()
        .find(|e| e.word() == word)
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not `<closes|hardens|mitigates|reduces> <threat instance>`"
            ))
        })?;
        Ok(ActionThreat {
            effect,
            instance: instance.into(),
        })
    }
}

schema_of_a_string!(ActionThreat);

/// One change a person makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FixAction {
    /// Rank, from 1.
    pub rank: usize,
    /// The change (`drop --privileged from web`).
    pub action: String,
    /// Where it is made: `container`, `daemon`, `host`, `file`, `cluster`.
    pub scope: String,
    /// Score (higher first); see `how_scored`.
    pub score: f64,
    /// Controls it turns to pass, with the objects: `DH079 (5.5) on web`.
    pub controls: Vec<String>,
    /// Threat instances it acts on, each with the effect (`closes`, `mitigates`, `reduces`,
    /// `hardens`) found by re-assessing the instance with those controls passing.
    pub threats: Vec<ActionThreat>,
    /// Attack paths it cuts (ids).
    pub paths: Vec<String>,
    /// What to do.
    pub remediation: String,
    /// Why it ranks here.
    pub why: String,
}

/// The risk of one threat instance: how likely (how exposed its object is) times how bad
/// (its threat's severity, raised when the object lies on a path to host root or
/// cluster-admin); a decision on it lowers the residual risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InstanceRisk {
    /// Threat instance id.
    pub instance: crate::threat_report::InstanceId,
    /// Likelihood, in words: `published on all interfaces`, `reachable through a published
    /// element`, `reachable only from the host`, `build-time only`.
    // The few phrases are shared by every risk (as is the decision's), behind thin pointers:
    // a cluster has a risk for each open instance.
    pub likelihood: std::sync::Arc<String>,
    /// Impact, in words (the threat's severity, or the path it lies on).
    pub impact: std::sync::Arc<String>,
    /// Risk before decisions.
    pub inherent: Severity,
    /// Risk after decisions (accepted, compensating control): one level lower when one applies.
    pub residual: Severity,
    /// The decision that lowers it, when one does.
    #[serde(default, skip_serializing_if = "no_decision")]
    pub decision: std::sync::Arc<String>,
}

fn no_decision(decision: &std::sync::Arc<String>) -> bool {
    decision.is_empty()
}

/// The system's own threat model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SystemModel {
    /// When, where, by which drydock.
    pub provenance: Provenance,
    /// The topology.
    pub topology: Topology,
    /// Attack paths, most severe first.
    pub paths: Vec<AttackPath>,
    /// Fix actions, best first.
    pub actions: Vec<FixAction>,
    /// How the actions' scores are made, in words.
    pub how_scored: String,
    /// The risk of each threat instance still open, unknown or partially mitigated, highest
    /// residual first.
    #[serde(default)]
    pub risks: Vec<InstanceRisk>,
}

impl SystemModel {
    /// Masks credentials in every text the model carries (names, labels, actions), as the
    /// report's other texts are.
    pub fn redact_secrets(&mut self) {
        use crate::secrets::redact_text;
        let mask = |s: &mut String| {
            let masked = redact_text(s);
            if masked != *s {
                *s = masked;
            }
        };
        mask(&mut self.provenance.host);
        for e in &mut self.topology.elements {
            mask(&mut e.name);
            mask(&mut e.image);
            e.traits.iter_mut().for_each(mask);
        }
        for f in &mut self.topology.flows {
            mask(&mut f.label);
        }
        for p in &mut self.paths {
            mask(&mut p.entry);
            mask(&mut p.summary);
            for s in &mut p.steps {
                mask(&mut s.action);
            }
        }
        for a in &mut self.actions {
            mask(&mut a.action);
            a.controls.iter_mut().for_each(mask);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_threat_is_written_as_one_line_and_read_back() {
        let threat = ActionThreat {
            effect: ActionEffect::Mitigates,
            instance: "KT03@kubernetes workload/Pod default/web".into(),
        };
        let json = serde_json::to_string(&threat).unwrap();
        assert_eq!(
            json,
            "\"mitigates KT03@kubernetes workload/Pod default/web\""
        );
        let back: ActionThreat = serde_json::from_str(&json).unwrap();
        assert_eq!(back, threat);
        let error = serde_json::from_str::<ActionThreat>("\"removes DT08@container/web\"")
            .unwrap_err()
            .to_string();
        assert!(error.contains("removes DT08@container/web"), "{error}");
    }

    #[test]
    fn action_threats_sort_as_their_written_form_does() {
        let mut threats: Vec<ActionThreat> = Vec::new();
        for effect in [
            ActionEffect::Reduces,
            ActionEffect::Closes,
            ActionEffect::Mitigates,
            ActionEffect::Hardens,
        ] {
            for instance in ["DT08@container/web", "DT08@container/a", "DT01@host/host"] {
                threats.push(ActionThreat {
                    effect,
                    instance: instance.into(),
                });
            }
        }
        let mut written: Vec<String> = threats.iter().map(ToString::to_string).collect();
        threats.sort();
        written.sort();
        assert_eq!(
            threats.iter().map(ToString::to_string).collect::<Vec<_>>(),
            written
        );
    }
}

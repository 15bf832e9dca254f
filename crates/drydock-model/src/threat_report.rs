//! The threat model's part of a report: the catalog's shapes (threats, elements, flows,
//! boundaries, decisions) and each threat's assessed status, evidence and plan. The
//! assessment itself is `drydock-threat`'s; these are the types every later stage reads.

use crate::model::{ObjectRef, Severity, Status, Stride};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a threat can be assessed: the parts of a platform an audit can look at.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The Docker host: engine, daemon settings, host files, containers, images.
    DockerHost,
    /// A Docker host in swarm mode.
    Swarm,
    /// Dockerfiles in the project.
    Dockerfiles,
    /// Compose files in the project.
    Compose,
    /// Image archives in the project.
    ImageArchives,
    /// A Kubernetes node audited with `--kubernetes`.
    KubernetesNode,
    /// Kubernetes manifests in the project.
    KubernetesManifests,
}

impl Scope {
    /// Kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Scope::DockerHost => "docker-host",
            Scope::Swarm => "swarm",
            Scope::Dockerfiles => "dockerfiles",
            Scope::Compose => "compose",
            Scope::ImageArchives => "image-archives",
            Scope::KubernetesNode => "kubernetes-node",
            Scope::KubernetesManifests => "kubernetes-manifests",
        }
    }
}

/// References of a threat in public knowledge bases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct References {
    /// MITRE ATT&CK technique ids.
    #[serde(default)]
    pub attack: Vec<String>,
    /// Microsoft threat matrix for Kubernetes ids.
    #[serde(default)]
    pub microsoft: Vec<String>,
    /// NIST SP 800-190 sections.
    #[serde(default)]
    pub nist: Vec<String>,
}

/// One entry of a threat's mitigations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Mitigation {
    /// A rule that must hold.
    Rule(String),
    /// Rules any one of which closes the threat on an object (`icc` off on the daemon, or
    /// the container on a network of its own).
    AnyOf {
        /// The alternatives.
        any_of: Vec<String>,
    },
}

impl Mitigation {
    /// The rules it names.
    pub fn rules(&self) -> &[String] {
        match self {
            Mitigation::Rule(id) => std::slice::from_ref(id),
            Mitigation::AnyOf { any_of } => any_of,
        }
    }
}

/// One threat of the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    /// Stable id (`DT06`).
    pub id: String,
    /// One line.
    pub title: String,
    /// Primary STRIDE category.
    pub stride: Stride,
    /// Secondary categories.
    #[serde(default)]
    pub also: Vec<Stride>,
    /// The element it targets (an element id).
    pub element: String,
    /// The trust boundary it crosses (a boundary id).
    pub boundary: String,
    /// How bad it is when open.
    pub severity: Severity,
    /// Scopes it belongs to.
    pub applies: Vec<Scope>,
    /// What happens, in drydock's words.
    pub description: String,
    /// Public references.
    #[serde(default)]
    pub references: References,
    /// What closes it: every entry must hold on an object (a rule, or a group of rules any one
    /// of which suffices).
    #[serde(default)]
    pub mitigations: Vec<Mitigation>,
    /// Rules that add depth.
    #[serde(default)]
    pub hardening: Vec<String>,
    /// The objects it concerns, when narrower than the kinds its rules judge: Kubernetes kinds
    /// written `kubernetes/<Kind>` (`kubernetes/ClusterRoleBinding`), or object kinds
    /// (`container`, `kube-workload`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<String>,
    /// Evidence its verdict needs beyond its rules' results (`vulnerability-data`): without
    /// it, no instance is mitigated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
}

/// A component of the diagram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Element {
    /// Id threats refer to.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// `docker` or `kubernetes` (or the user's own).
    pub platform: String,
    /// The trust zone it sits in (diagram grouping).
    pub zone: String,
}

/// A data flow of the diagram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Element id.
    pub from: String,
    /// Element id.
    pub to: String,
    /// What flows.
    pub label: String,
    /// The boundary it crosses.
    pub boundary: String,
}

/// A trust boundary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Boundary {
    /// Id.
    pub id: String,
    /// Name for people.
    pub name: String,
}

/// What a person decided about a threat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionKind {
    /// The risk is accepted.
    Accepted,
    /// Something outside drydock's view closes it.
    CompensatingControl,
    /// The finding does not describe a real exposure.
    FalsePositive,
}

impl DecisionKind {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            DecisionKind::Accepted => "accepted",
            DecisionKind::CompensatingControl => "compensating control",
            DecisionKind::FalsePositive => "false positive",
        }
    }
}

/// A decision on a threat, or on one object's share of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Threat id.
    pub threat: String,
    /// Object name or id it is limited to (`*` wildcards); none for the whole threat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// The decision.
    pub decision: DecisionKind,
    /// Why.
    pub reason: String,
    /// Who answers for it.
    pub owner: String,
    /// Last day it holds (`YYYY-MM-DD`).
    pub expires: String,
    /// Where it is written (`file:line`).
    #[serde(default)]
    pub source: String,
}

/// Status of a threat in one audit.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ThreatStatus {
    /// A mitigating control failed.
    Open,
    /// The mitigations hold; defence in depth is missing or unproven.
    PartiallyMitigated,
    /// A mitigation could not be judged, or evidence its verdict needs was not read.
    Unknown,
    /// Its scope was audited, but none of the objects it concerns was.
    NotAssessed,
    /// Every control that applies holds.
    Mitigated,
    /// Nothing this audit looked at is exposed to it.
    NotApplicable,
}

impl ThreatStatus {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            ThreatStatus::Open => "open",
            ThreatStatus::PartiallyMitigated => "partially mitigated",
            ThreatStatus::Unknown => "unknown",
            ThreatStatus::NotAssessed => "not assessed",
            ThreatStatus::Mitigated => "mitigated",
            ThreatStatus::NotApplicable => "not applicable",
        }
    }
}

/// What one rule says about a threat in this audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ControlVerdict {
    /// Failed on at least one object.
    Fail,
    /// Could not be judged on some object.
    Unknown,
    /// A person must judge.
    Manual,
    /// Held on every object it judged.
    Pass,
    /// Nothing to judge.
    NotApplicable,
    /// Its scope was audited, but the rule was not evaluated (deselected).
    NotAssessed,
}

/// The role of a rule for a threat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ControlRole {
    /// Closes the threat.
    Mitigation,
    /// Adds depth.
    Hardening,
}

/// One link of a threat's evidence chain: a result on an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// Three words: a cluster's chains hold a link for each result of each threat's rules.
pub struct ChainLink {
    /// Index of the result in the report's `results`.
    #[schemars(with = "usize")]
    pub result: u32,
    /// Its status.
    pub status: Status,
    /// The object (name).
    pub object: ObjectLabel,
    /// Set when an inline ignore or a decision covers this object.
    // The same few sentences stand on every object a decision or ignore covers: shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_aside: Option<std::sync::Arc<String>>,
}

/// An object as a chain or a plan names it: its label ([`ObjectRef::label`]), written, read,
/// compared and ordered as that text.
// The object itself, shared with its results, rather than a copy of its label: every threat's
// chain and the plan name a cluster's hundreds of thousands of objects, and a label of their
// own for each was an eighth of the threat model's memory. A label read from a saved report is
// held as an object of that name.
#[derive(Debug, Clone)]
pub struct ObjectLabel(std::sync::Arc<ObjectRef>);

impl ObjectLabel {
    /// The label of `object`, sharing it.
    pub fn of(object: &std::sync::Arc<ObjectRef>) -> Self {
        ObjectLabel(std::sync::Arc::clone(object))
    }

    /// The label.
    pub fn as_str(&self) -> &str {
        self.0.label()
    }
}

impl From<&str> for ObjectLabel {
    fn from(text: &str) -> Self {
        ObjectLabel(std::sync::Arc::new(ObjectRef {
            kind: crate::model::Target::File,
            id: String::new(),
            name: text.to_string(),
        }))
    }
}

impl std::ops::Deref for ObjectLabel {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for ObjectLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for ObjectLabel {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ObjectLabel {}

impl PartialOrd for ObjectLabel {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ObjectLabel {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for ObjectLabel {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Serialize for ObjectLabel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ObjectLabel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(ObjectLabel::from(text.as_str()))
    }
}

schema_of_a_string!(ObjectLabel);

/// A rule's evidence for a threat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ControlEvidence {
    /// Rule id.
    pub rule_id: String,
    /// Rule title.
    pub title: String,
    /// CIS id, when the rule has one.
    pub control: String,
    /// Mitigation or hardening.
    pub role: ControlRole,
    /// What the rule says overall.
    pub verdict: ControlVerdict,
    /// Why, when no result says it (implicit passes, not assessed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Its results that are not passes or not-applicable (failures, unknowns, manual), and its
    /// passes on host and node objects.
    pub chain: Vec<ChainLink>,
}

/// A decision as applied (or not) in this audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionNote {
    /// The decision.
    pub decision: Decision,
    /// What became of it.
    pub note: String,
}

/// A threat with its status in this audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ThreatAssessment {
    /// The threat.
    #[serde(flatten)]
    pub threat: Threat,
    /// Its status.
    pub status: ThreatStatus,
    /// One sentence: why this status.
    pub reason: String,
    /// The evidence per rule, audited scopes only.
    pub controls: Vec<ControlEvidence>,
    /// A decision on the whole threat that holds today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// How its instances stand, in words (`open on 10 of 12 containers`).
    #[serde(default)]
    pub coverage: String,
    /// The threat on each object it concerns.
    #[serde(default)]
    pub instances: Vec<ThreatInstance>,
}

/// A threat on one object: its status from that object's results and the daemon-wide or
/// host-wide controls that cover it.
// In memory the controls are split in two: what each rule says (shared by every object alike,
// a cluster's pods by the thousand) and the results behind them (the instance's own). A list
// of controls each instance's own cost two hundred bytes an instance. Written and read as the
// published schema says, through `ThreatInstanceWire`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreatInstance {
    /// `THREAT@kind/object` (`DT08@container/web`).
    pub id: InstanceId,
    /// The object.
    // Shared by every threat instance of the object (a cluster's pod has a dozen).
    pub object: std::sync::Arc<ObjectRef>,
    /// Its status.
    pub status: ThreatStatus,
    /// One sentence: why this status.
    // The same few sentences stand on most instances of a threat: shared, behind a thin
    // pointer (as is what the controls say): a cluster has hundreds of thousands.
    pub reason: std::sync::Arc<String>,
    /// What each rule says on this object, without its results.
    said: std::sync::Arc<Vec<ControlSaid>>,
    /// The results behind the controls, in their order: each control's `count` of them.
    results: ResultIndices,
}

/// A threat instance's id, `THREAT@kind/object` (`DT08@container/web`): written, compared,
/// ordered and hashed as that text.
// Made of the threat's id and the instance's object, both shared, rather than kept as text: a
// cluster's audit has hundreds of thousands of instances, and a line of text for each (shared
// by the instance, its risk and the actions on it) was a tenth of the audit's memory. An id
// read from a saved report stays the text it was.
#[derive(Debug, Clone)]
pub struct InstanceId(IdRepr);

// Thin pointers (`Arc<String>`, not `Arc<str>`): two words in all, where the risk and every
// action that name the instance hold one too.
#[derive(Debug, Clone)]
enum IdRepr {
    Made {
        threat: std::sync::Arc<String>,
        object: std::sync::Arc<ObjectRef>,
    },
    Read(std::sync::Arc<String>),
}

impl InstanceId {
    /// The id of `threat`'s instance on `object`.
    pub fn new(threat: std::sync::Arc<String>, object: std::sync::Arc<ObjectRef>) -> Self {
        InstanceId(IdRepr::Made { threat, object })
    }

    /// The pieces of the text, in order.
    fn pieces(&self) -> [&str; 5] {
        match &self.0 {
            IdRepr::Made { threat, object } => {
                [threat, "@", object.kind.name(), "/", object.label()]
            }
            IdRepr::Read(text) => [text, "", "", "", ""],
        }
    }

    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.pieces().into_iter().flat_map(str::bytes)
    }
}

impl From<String> for InstanceId {
    fn from(text: String) -> Self {
        InstanceId(IdRepr::Read(std::sync::Arc::new(text)))
    }
}

impl From<&str> for InstanceId {
    fn from(text: &str) -> Self {
        InstanceId::from(text.to_string())
    }
}

impl std::fmt::Display for InstanceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pieces().into_iter().try_for_each(|p| f.write_str(p))
    }
}

impl PartialEq for InstanceId {
    fn eq(&self, other: &Self) -> bool {
        self.bytes().eq(other.bytes())
    }
}

impl Eq for InstanceId {}

impl PartialOrd for InstanceId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for InstanceId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl std::hash::Hash for InstanceId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Byte by byte, with the length, as `str` would be hashed: an id made of pieces and
        // the same id read as one text must hash alike whatever the hasher does with pieces.
        let mut len = 0usize;
        for b in self.bytes() {
            state.write_u8(b);
            len += 1;
        }
        state.write_usize(len);
    }
}

impl Serialize for InstanceId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for InstanceId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(InstanceId::from(String::deserialize(deserializer)?))
    }
}

schema_of_a_string!(InstanceId);

/// What one rule says on an object, less the results behind it (see [`ThreatInstance`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ControlSaid {
    rule_id: std::borrow::Cow<'static, str>,
    role: ControlRole,
    verdict: ControlVerdict,
    note: std::borrow::Cow<'static, str>,
    /// How many of the instance's results are this control's.
    count: u32,
}

/// A rule's verdict on one object of a threat instance, as [`ThreatInstance::controls`]
/// gives it: the fields of an [`InstanceControl`], borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InstanceControlRef<'a> {
    /// Rule id.
    pub rule_id: &'a str,
    /// Mitigation or hardening.
    pub role: ControlRole,
    /// What it says on this object.
    pub verdict: ControlVerdict,
    /// Its results behind the verdict (indices in the report's `results`).
    pub results: &'a [usize],
    /// Why, when no result of the object says it.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub note: &'a str,
}

impl ThreatInstance {
    /// An instance with these controls; what the controls say is shared through `shared`
    /// with every instance alike.
    pub fn new(
        id: InstanceId,
        object: std::sync::Arc<ObjectRef>,
        status: ThreatStatus,
        reason: std::sync::Arc<String>,
        controls: Vec<InstanceControl>,
        shared: &crate::intern::Interner,
    ) -> Self {
        let mut results = Vec::new();
        let said: Vec<ControlSaid> = controls
            .into_iter()
            .map(|c| {
                results.extend_from_slice(&c.results);
                ControlSaid {
                    rule_id: c.rule_id,
                    role: c.role,
                    verdict: c.verdict,
                    note: c.note,
                    count: u32::try_from(c.results.len()).expect("fewer than 2^32 results"),
                }
            })
            .collect();
        ThreatInstance {
            id,
            object,
            status,
            reason,
            said: shared.said(said),
            results: results.into(),
        }
    }

    /// What each rule says on this object, in order.
    pub fn controls(&self) -> impl Iterator<Item = InstanceControlRef<'_>> + '_ {
        self.said.iter().scan(0usize, |at, said| {
            let start = *at;
            *at += said.count as usize;
            Some(InstanceControlRef {
                rule_id: &said.rule_id,
                role: said.role,
                verdict: said.verdict,
                results: &self.results[start..*at],
                note: &said.note,
            })
        })
    }
}

// Written in the published schema's form and order, borrowing every field.
#[derive(Serialize)]
struct ThreatInstanceView<'a> {
    id: &'a InstanceId,
    object: &'a ObjectRef,
    status: ThreatStatus,
    reason: &'a str,
    controls: ControlsView<'a>,
}

struct ControlsView<'a>(&'a ThreatInstance);

impl Serialize for ControlsView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.controls())
    }
}

impl Serialize for ThreatInstance {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ThreatInstanceView {
            id: &self.id,
            object: &self.object,
            status: self.status,
            reason: &self.reason,
            controls: ControlsView(self),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ThreatInstance {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = ThreatInstanceWire::deserialize(deserializer)?;
        Ok(ThreatInstance::new(
            wire.id,
            wire.object,
            wire.status,
            wire.reason,
            wire.controls,
            &crate::intern::Interner::default(),
        ))
    }
}

impl JsonSchema for ThreatInstance {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        ThreatInstanceWire::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        ThreatInstanceWire::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ThreatInstanceWire::json_schema(generator)
    }
}

/// A threat on one object: its status from that object's results and the daemon-wide or
/// host-wide controls that cover it.
#[derive(Deserialize, JsonSchema)]
#[schemars(rename = "ThreatInstance")]
struct ThreatInstanceWire {
    /// `THREAT@kind/object` (`DT08@container/web`).
    id: InstanceId,
    /// The object.
    object: std::sync::Arc<ObjectRef>,
    /// Its status.
    status: ThreatStatus,
    /// One sentence: why this status.
    reason: std::sync::Arc<String>,
    /// What each rule says on this object.
    controls: Vec<InstanceControl>,
}

/// A rule's verdict on one object of a threat instance.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct InstanceControl {
    /// Rule id.
    // The catalog's own string: every instance of every object names its rules.
    pub rule_id: std::borrow::Cow<'static, str>,
    /// Mitigation or hardening.
    pub role: ControlRole,
    /// What it says on this object.
    pub verdict: ControlVerdict,
    /// Its results behind the verdict (indices in the report's `results`).
    pub results: ResultIndices,
    /// Why, when no result of the object says it (a daemon-wide default, no finding in the
    /// file, not evaluated).
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub note: std::borrow::Cow<'static, str>,
}

/// A control worth hardening, with what it buys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanItem {
    /// Rank, from 1.
    pub rank: usize,
    /// Rule id.
    pub rule_id: String,
    /// Rule title.
    pub title: String,
    /// CIS id.
    pub control: String,
    /// Score (higher first): threats closed weighted by severity, scaled by the objects touched.
    pub score: f64,
    /// Threats it acts on: (id, title, severity, effect).
    pub threats: Vec<PlanThreat>,
    /// Objects that fail it.
    // The chains' shared copies: a cluster's plan names each of its objects under every rule.
    pub objects: Vec<ObjectLabel>,
    /// Whether the rule is marked for an automatic fix. No command applies fixes yet; the
    /// remediation says what to do.
    pub fix_available: bool,
    /// What to do.
    pub remediation: String,
    /// What it costs.
    pub tradeoff: String,
    /// Why it ranks here, in one sentence.
    pub why: String,
}

/// A threat a plan item acts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanThreat {
    /// Threat id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// `closes` (its last failing mitigation), `reduces` (one of several failing
    /// mitigations) or `hardens` (defence in depth).
    pub effect: String,
}

/// The threat model's part of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ThreatModelReport {
    /// Model files read after the built-in catalog.
    pub sources: Vec<String>,
    /// Scopes this audit looked at.
    pub scopes: Vec<Scope>,
    /// Counts per status.
    pub summary: BTreeMap<String, usize>,
    /// Every threat.
    pub threats: Vec<ThreatAssessment>,
    /// Components, flows and boundaries, for diagrams.
    pub elements: Vec<Element>,
    /// Data flows.
    pub flows: Vec<Flow>,
    /// Trust boundaries.
    pub boundaries: Vec<Boundary>,
    /// Decisions past their expiry: not applied.
    pub decisions_expired: Vec<DecisionNote>,
    /// Decisions that match nothing in this audit.
    pub decisions_unmatched: Vec<DecisionNote>,
    /// Failed controls ranked by what hardening them buys.
    pub plan: Vec<PlanItem>,
    /// The threat model of the system as audited: topology, attack paths and fix actions
    /// (live audits and project files; absent when the report was made from peers' evidence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<crate::topology::SystemModel>,
}

/// Indices of results, held without an allocation of their own when there are one or two (a
/// control on one object nearly always has one result, and a cluster has millions of them).
/// Written and read as a list of numbers.
// Equal when the indices are: an inline pair's unused slot is not compared.
#[derive(Clone)]
pub enum ResultIndices {
    /// Up to two indices, in place.
    Inline {
        /// How many of `items` are used.
        len: u8,
        /// The indices.
        items: [usize; 2],
    },
    /// More.
    Heap(Box<[usize]>),
}

impl Default for ResultIndices {
    fn default() -> Self {
        ResultIndices::Inline {
            len: 0,
            items: [0; 2],
        }
    }
}

impl std::ops::Deref for ResultIndices {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        match self {
            ResultIndices::Inline { len, items } => &items[..usize::from(*len)],
            ResultIndices::Heap(items) => items,
        }
    }
}

impl From<Vec<usize>> for ResultIndices {
    fn from(indices: Vec<usize>) -> Self {
        match indices.as_slice() {
            [] => ResultIndices::default(),
            [one] => ResultIndices::Inline {
                len: 1,
                items: [*one, 0],
            },
            [one, two] => ResultIndices::Inline {
                len: 2,
                items: [*one, *two],
            },
            _ => ResultIndices::Heap(indices.into_boxed_slice()),
        }
    }
}

impl PartialEq for ResultIndices {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for ResultIndices {}

impl std::hash::Hash for ResultIndices {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl std::fmt::Debug for ResultIndices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for ResultIndices {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ResultIndices {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<usize>::deserialize(deserializer).map(ResultIndices::from)
    }
}

impl JsonSchema for ResultIndices {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        Vec::<usize>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        Vec::<usize>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Vec::<usize>::json_schema(generator)
    }
}

#[cfg(test)]
mod result_indices_tests {
    use super::ResultIndices;

    #[test]
    fn result_indices_hold_what_they_were_given_and_read_back_as_a_list() {
        for given in [vec![], vec![7], vec![7, 9], vec![1, 2, 3, 4]] {
            let indices = ResultIndices::from(given.clone());
            assert_eq!(&*indices, given.as_slice());
            let json = serde_json::to_string(&indices).unwrap();
            assert_eq!(json, serde_json::to_string(&given).unwrap());
            let back: ResultIndices = serde_json::from_str(&json).unwrap();
            assert_eq!(back, indices);
        }
    }
}

#[cfg(test)]
mod threat_instance_tests {
    use super::*;
    use crate::intern::Interner;
    use crate::model::Target;
    use std::borrow::Cow;
    use std::sync::Arc;

    fn control(
        rule: &'static str,
        verdict: ControlVerdict,
        results: Vec<usize>,
    ) -> InstanceControl {
        InstanceControl {
            rule_id: Cow::Borrowed(rule),
            role: ControlRole::Mitigation,
            verdict,
            results: results.into(),
            note: Cow::Borrowed(if verdict == ControlVerdict::Pass {
                "no finding"
            } else {
                ""
            }),
        }
    }

    fn instance(name: &str, results: [Vec<usize>; 3], shared: &Interner) -> ThreatInstance {
        let object = Arc::new(ObjectRef {
            kind: Target::Container,
            id: name.into(),
            name: name.into(),
        });
        ThreatInstance::new(
            InstanceId::new(Arc::new("DT08".into()), Arc::clone(&object)),
            object,
            ThreatStatus::Open,
            Arc::new("mitigating control failed: DH079".into()),
            {
                let [a, b, c] = results;
                vec![
                    control("DH079", ControlVerdict::Fail, a),
                    control("DH029", ControlVerdict::Pass, b),
                    control("DH030", ControlVerdict::Fail, c),
                ]
            },
            shared,
        )
    }

    #[test]
    fn each_control_reads_back_its_own_results_and_objects_alike_share_what_is_said() {
        let shared = Interner::default();
        let web = instance("web", [vec![4], vec![], vec![7, 8, 9]], &shared);
        let got: Vec<(&str, Vec<usize>, &str)> = web
            .controls()
            .map(|c| (c.rule_id, c.results.to_vec(), c.note))
            .collect();
        assert_eq!(
            got,
            vec![
                ("DH079", vec![4], ""),
                ("DH029", vec![], "no finding"),
                ("DH030", vec![7, 8, 9], ""),
            ]
        );
        let db = instance("db", [vec![5], vec![], vec![1, 2, 3]], &shared);
        assert!(Arc::ptr_eq(&web.said, &db.said), "alike objects share");
        let other = instance("api", [vec![5, 6], vec![], vec![1, 2]], &shared);
        assert!(
            !Arc::ptr_eq(&web.said, &other.said),
            "other counts, other list"
        );
        assert_eq!(other.controls().nth(2).unwrap().results, &[1, 2]);
    }

    #[test]
    fn an_instance_is_written_as_the_schema_says_and_read_back_whole() {
        let web = instance(
            "web",
            [vec![4], vec![], vec![7, 8, 9]],
            &Interner::default(),
        );
        let json = serde_json::to_value(&web).unwrap();
        assert_eq!(json["id"], "DT08@container/web");
        assert_eq!(json["controls"][0]["results"], serde_json::json!([4]));
        assert_eq!(json["controls"][1]["results"], serde_json::json!([]));
        assert_eq!(json["controls"][1]["note"], "no finding");
        assert!(
            json["controls"][0].get("note").is_none(),
            "an empty note is left out"
        );
        assert_eq!(json["controls"][2]["results"], serde_json::json!([7, 8, 9]));
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "object", "status", "reason", "controls"]);
        let back: ThreatInstance = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, web);
        assert_eq!(serde_json::to_value(&back).unwrap(), json);
    }

    #[test]
    fn an_instance_id_made_of_parts_is_its_text_in_every_respect() {
        use std::hash::{BuildHasher, RandomState};
        let object = |kind, id: &str, name: &str| {
            Arc::new(ObjectRef {
                kind,
                id: id.into(),
                name: name.into(),
            })
        };
        let web = InstanceId::new(
            Arc::new("DT08".into()),
            object(Target::Container, "c1", "web"),
        );
        assert_eq!(web.to_string(), "DT08@container/web");
        assert_eq!(
            serde_json::to_value(&web).unwrap(),
            serde_json::json!("DT08@container/web")
        );
        // An object without a name is named by its id.
        let unnamed = InstanceId::new(Arc::new("DT08".into()), object(Target::Container, "c1", ""));
        assert_eq!(unnamed.to_string(), "DT08@container/c1");
        // Read back, it is the same id, and hashes alike.
        let read: InstanceId =
            serde_json::from_value(serde_json::json!("DT08@container/web")).unwrap();
        assert_eq!(read, web);
        let hasher = RandomState::new();
        assert_eq!(hasher.hash_one(&read), hasher.hash_one(&web));
        assert_ne!(hasher.hash_one(&read), hasher.hash_one(&unnamed));
        // Ordered as the texts are: `@` sorts after digits, so DT1@… comes after DT10@….
        let short = InstanceId::new(Arc::new("DT1".into()), object(Target::Container, "c", "a"));
        let long = InstanceId::new(Arc::new("DT10".into()), object(Target::Container, "c", "a"));
        assert_eq!(
            short.cmp(&long),
            short.to_string().cmp(&long.to_string()),
            "{short} against {long}"
        );
        assert!(long < short);
        assert_ne!(web, unnamed);
        // Two words: a cluster has hundreds of thousands of them.
        assert!(std::mem::size_of::<InstanceId>() <= 16);
    }

    #[test]
    fn an_object_label_is_the_objects_label_shared_and_reads_back_as_that_text() {
        use std::hash::{BuildHasher, RandomState};
        let web = Arc::new(ObjectRef {
            kind: Target::Container,
            id: "c1".into(),
            name: "web".into(),
        });
        let label = ObjectLabel::of(&web);
        // The object itself, not a copy of its name.
        assert_eq!(Arc::strong_count(&web), 2);
        assert_eq!(label.as_str(), "web");
        assert_eq!(
            serde_json::to_value(&label).unwrap(),
            serde_json::json!("web")
        );
        let read: ObjectLabel = serde_json::from_value(serde_json::json!("web")).unwrap();
        assert_eq!(read, label);
        let hasher = RandomState::new();
        assert_eq!(hasher.hash_one(&read), hasher.hash_one(&label));
        // An object without a name is labelled by its id, read back the same.
        let unnamed = ObjectLabel::of(&Arc::new(ObjectRef {
            kind: Target::Container,
            id: "c2".into(),
            name: String::new(),
        }));
        assert_eq!(unnamed.to_string(), "c2");
        let read: ObjectLabel = serde_json::from_value(serde_json::json!("c2")).unwrap();
        assert_eq!(read, unnamed);
        // Ordered as the texts.
        assert!(unnamed < label);
        assert_eq!(
            std::mem::size_of::<ObjectLabel>(),
            std::mem::size_of::<usize>()
        );
    }
}

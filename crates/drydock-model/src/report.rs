//! The report: every rule's results over the facts, in one serialisable document.
//!
//! The JSON form of [`Report`] is drydock's published output format; its schema is generated
//! from these types into `schema/report.schema.json` and versioned by [`REPORT_SCHEMA_VERSION`].

use crate::model::{Assessment, Evidence, Location, ObjectRef, Severity, Status, Stride, Target};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// Version of the report format; bumped on any incompatible change.
pub const REPORT_SCHEMA_VERSION: &str = "1.0";

/// A benchmark reference of a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CisRef {
    /// Benchmark and version, e.g. `cis-docker-1.6.0`.
    pub benchmark: Cow<'static, str>,
    /// Control id in that version.
    pub id: Cow<'static, str>,
}

/// One rule's verdict on one object.
///
/// What every result of a rule has in common ([`ResultRule`]) is held once and shared, and so
/// are the object, the message and the evidence when results repeat them: a cluster of
/// 100,000 pods has nearly a million results, and memory is bounded by what is reported, not
/// by copies of it. The JSON form is flat, field for field as `schema/report.schema.json`
/// publishes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultEntry {
    /// The rule's part, the same on each of its results.
    pub rule: Arc<ResultRule>,
    /// The verdict.
    pub status: Status,
    /// The object judged.
    pub object: Arc<ObjectRef>,
    /// One sentence for people.
    // Thin pointers, here and in `evidence`: a cluster has a result for each object and rule,
    // and the shared copies need no length beside them.
    pub message: Arc<String>,
    /// What the verdict rests on: actual vs expected values and where they were read.
    pub evidence: Arc<Vec<Evidence>>,
    /// Where in a file, for findings on project files.
    pub location: Option<Location>,
    /// Set when an inline ignore covers this result; it then never fails the run.
    pub suppressed: Option<Box<Suppression>>,
}

/// What a rule's results share: its identity, the control in the report's numbering, how the
/// benchmark scores it and what to do about a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRule {
    /// drydock's stable rule id.
    pub rule_id: Cow<'static, str>,
    /// Kebab-case rule name.
    pub rule_name: Cow<'static, str>,
    /// Control id in the numbering chosen for the report (`--benchmark`); empty when the
    /// control does not exist in that version.
    pub control: Cow<'static, str>,
    /// Control title.
    pub title: Cow<'static, str>,
    /// The control's id in every benchmark version that has it.
    pub cis: Cow<'static, [CisRef]>,
    /// Section number in CIS Docker 1.6.0.
    pub section: u8,
    /// Benchmark level (1 or 2).
    pub level: u8,
    /// Whether the benchmark scores the control automatically.
    pub assessment: Assessment,
    /// Severity of a failure.
    pub severity: Severity,
    /// STRIDE categories a failure leaves open.
    pub stride: Cow<'static, [Stride]>,
    /// What to do about a failure, in drydock's words.
    pub remediation: Cow<'static, str>,
    /// The Pod Security Standards control checked, with its level.
    pub pss: Option<PssRef>,
}

// Written flat, in the order of the published schema, borrowing every field.
#[derive(Serialize)]
struct ResultEntryView<'a> {
    rule_id: &'a str,
    rule_name: &'a str,
    control: &'a str,
    title: &'a str,
    cis: &'a [CisRef],
    section: u8,
    level: u8,
    assessment: Assessment,
    severity: Severity,
    stride: &'a [Stride],
    status: Status,
    object: &'a ObjectRef,
    message: &'a str,
    evidence: &'a [Evidence],
    remediation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pss: Option<&'a PssRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<&'a Suppression>,
}

impl Serialize for ResultEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rule = &*self.rule;
        ResultEntryView {
            rule_id: &rule.rule_id,
            rule_name: &rule.rule_name,
            control: &rule.control,
            title: &rule.title,
            cis: &rule.cis,
            section: rule.section,
            level: rule.level,
            assessment: rule.assessment,
            severity: rule.severity,
            stride: &rule.stride,
            status: self.status,
            object: &self.object,
            message: &self.message,
            evidence: &self.evidence,
            remediation: &rule.remediation,
            location: self.location.as_ref(),
            pss: rule.pss.as_ref(),
            suppressed: self.suppressed.as_deref(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ResultEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = ResultEntryWire::deserialize(deserializer)?;
        Ok(ResultEntry {
            rule: Arc::new(ResultRule {
                rule_id: wire.rule_id,
                rule_name: wire.rule_name,
                control: wire.control,
                title: wire.title,
                cis: wire.cis,
                section: wire.section,
                level: wire.level,
                assessment: wire.assessment,
                severity: wire.severity,
                stride: wire.stride,
                remediation: wire.remediation,
                pss: wire.pss,
            }),
            status: wire.status,
            object: Arc::new(wire.object),
            message: wire.message.into(),
            evidence: wire.evidence.into(),
            location: wire.location,
            suppressed: wire.suppressed,
        })
    }
}

impl JsonSchema for ResultEntry {
    fn schema_name() -> Cow<'static, str> {
        ResultEntryWire::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        ResultEntryWire::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ResultEntryWire::json_schema(generator)
    }
}

/// One rule's verdict on one object.
// The report's form of a result, as it is written and read: the published schema is made from
// this. In memory a result shares its rule's part and its strings (`ResultEntry`).
#[derive(Deserialize, JsonSchema)]
#[schemars(rename = "ResultEntry")]
struct ResultEntryWire {
    /// drydock's stable rule id.
    rule_id: Cow<'static, str>,
    /// Kebab-case rule name.
    rule_name: Cow<'static, str>,
    /// Control id in the numbering chosen for the report (`--benchmark`); empty when the
    /// control does not exist in that version.
    control: Cow<'static, str>,
    /// Control title.
    title: Cow<'static, str>,
    /// The control's id in every benchmark version that has it.
    // The rule's own list, shared by its results rather than copied into each.
    cis: Cow<'static, [CisRef]>,
    /// Section number in CIS Docker 1.6.0.
    section: u8,
    /// Benchmark level (1 or 2).
    level: u8,
    /// Whether the benchmark scores the control automatically.
    assessment: Assessment,
    /// Severity of a failure.
    severity: Severity,
    /// STRIDE categories a failure leaves open.
    stride: Cow<'static, [Stride]>,
    /// The verdict.
    status: Status,
    /// The object judged.
    object: ObjectRef,
    /// One sentence for people.
    message: String,
    /// What the verdict rests on: actual vs expected values and where they were read.
    evidence: Vec<Evidence>,
    /// What to do about a failure, in drydock's words.
    remediation: Cow<'static, str>,
    /// Where in a file, for findings on project files.
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    /// The Pod Security Standards control checked, with its level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pss: Option<PssRef>,
    /// Set when an inline ignore covers this result; it then never fails the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<Box<Suppression>>,
}

/// A Pod Security Standards control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PssRef {
    /// Control name (`Privileged Containers`).
    pub control: Cow<'static, str>,
    /// `baseline` or `restricted`.
    pub level: crate::model::PssLevel,
}

/// Why a result is set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Suppression {
    /// What set it aside.
    #[serde(default)]
    pub kind: SuppressionKind,
    /// The reason written with the ignore or waiver.
    pub reason: String,
    /// Where it is written (`file:line`), or the baseline report's path.
    pub source: String,
    /// The last day a waiver holds (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// What set a result aside.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionKind {
    /// A `drydock-ignore` comment in the file.
    #[default]
    Inline,
    /// A waiver in `drydock.toml`.
    Waiver,
    /// The same finding is in the baseline report (`--baseline`).
    Baseline,
}

impl Suppression {
    /// One phrase for people: `waived until 2027-01-31 (drydock.toml:12): reason`.
    pub fn describe(&self) -> String {
        match self.kind {
            SuppressionKind::Inline => format!("ignored inline ({}): {}", self.source, self.reason),
            SuppressionKind::Waiver => format!(
                "waived until {} ({}): {}",
                self.expires.as_deref().unwrap_or("?"),
                self.source,
                self.reason
            ),
            SuppressionKind::Baseline => format!("already in the baseline {}", self.source),
        }
    }
}

/// Counts of results per status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Results that passed.
    pub pass: usize,
    /// Results that failed.
    pub fail: usize,
    /// Results a person must judge.
    pub manual: usize,
    /// Results that could not be determined.
    pub unknown: usize,
    /// Results that do not apply.
    pub not_applicable: usize,
    /// Results set aside by an inline ignore (not counted above).
    pub suppressed: usize,
}

impl Summary {
    /// Counts the results.
    pub fn of(results: &[ResultEntry]) -> Self {
        let mut s = Summary::default();
        for r in results {
            if r.suppressed.is_some() {
                s.suppressed += 1;
                continue;
            }
            match r.status {
                Status::Pass => s.pass += 1,
                Status::Fail => s.fail += 1,
                Status::Manual => s.manual += 1,
                Status::Unknown => s.unknown += 1,
                Status::NotApplicable => s.not_applicable += 1,
            }
        }
        s
    }
}

/// What was audited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuditTarget {
    /// Host name.
    pub host: String,
    /// Filesystem root the host facts came from.
    pub root: String,
    /// Docker endpoint, when the engine answered.
    pub engine_endpoint: Option<String>,
    /// Engine version, when the engine answered.
    pub engine_version: Option<String>,
    /// Numbers of containers and images audited.
    pub containers: usize,
    /// Images audited.
    pub images: usize,
    /// Project files audited (Dockerfiles, compose files, image archives).
    pub files: usize,
    /// Whether the Docker host was audited (not with `--no-host`).
    pub host_audited: bool,
    /// The Kubernetes components found when the host was audited as a node (`--kubernetes`);
    /// `None` when it was not.
    #[serde(default)]
    pub kubernetes_node: Option<Vec<String>>,
    /// How many objects of each kind the project files held. Rules on project files report
    /// failures only, so these counts tell "nothing found" from "nothing looked at".
    #[serde(default)]
    pub objects: ObjectCounts,
    /// Every object the audit looked at (containers, images, compose services, Dockerfiles,
    /// image archives, Kubernetes objects and workloads, the daemon, the host, node
    /// components): rules on project files report failures only, so this tells a clean
    /// object from one never seen. The threat model's instances are made of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audited: Vec<Arc<ObjectRef>>,
    /// The peer output files the results were taken from (`--evidence`), when not audited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// Objects found in the project files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ObjectCounts {
    /// Dockerfiles.
    pub dockerfiles: usize,
    /// Services of compose projects.
    pub compose_services: usize,
    /// Image archives.
    pub image_archives: usize,
    /// Kubernetes objects that carry a pod spec.
    pub kubernetes_workloads: usize,
    /// Kubernetes objects of every kind.
    pub kubernetes_objects: usize,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Report format version.
    pub schema_version: String,
    /// drydock version.
    pub tool_version: String,
    /// Benchmark whose numbering `control` uses.
    pub benchmark: String,
    /// What was audited.
    pub target: AuditTarget,
    /// False when some source could not be read (the engine, a file); see `incomplete_reasons`.
    pub complete: bool,
    /// Why the audit is incomplete.
    pub incomplete_reasons: Vec<String>,
    /// Things worth knowing that are not results (skipped objects).
    pub notes: Vec<String>,
    /// Counts per status.
    pub summary: Summary,
    /// The rules that were evaluated (selected, and with something to judge in this audit):
    /// a rule missing here was not assessed.
    #[serde(default)]
    pub rules_evaluated: Vec<String>,
    /// The waivers of `drydock.toml`, each with what it covered, or why it covered nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<crate::waiver::WaiverUse>,
    /// The threat model with each threat's status derived from the results, and the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threat_model: Option<crate::threat_report::ThreatModelReport>,
    /// Every result (the last field: the JSON writer streams it).
    pub results: Vec<ResultEntry>,
}

impl Report {
    /// Gives every result's object a fresh copy, made on the calling thread, shared as before
    /// (one copy per object, the audited list's too).
    ///
    /// The rules make their objects in the worker threads, among their parse trees and their
    /// outcomes; glibc serves each thread from an arena of its own, and when the trees and
    /// outcomes are freed, the few objects left among them keep almost every page of those
    /// arenas in memory (on a List of 30,000 pods, 60 MB held for 10 MB of objects). Called
    /// once the rules are done, this moves the objects together and lets those pages go.
    pub fn copy_objects_afresh(&mut self) {
        let mut fresh: std::collections::HashMap<*const ObjectRef, Arc<ObjectRef>> =
            std::collections::HashMap::with_capacity(self.target.audited.len());
        let mut renew = |object: &mut Arc<ObjectRef>| {
            let copy = fresh
                .entry(Arc::as_ptr(object))
                .or_insert_with(|| Arc::new(ObjectRef::clone(object)));
            *object = Arc::clone(copy);
        };
        for object in &mut self.target.audited {
            renew(object);
        }
        for result in &mut self.results {
            renew(&mut result.object);
        }
    }

    /// Masks every credential-looking text left anywhere in the report: results are masked
    /// when they are made, and this pass covers what came from elsewhere (a saved report read
    /// back for `diff` or `threats`, notes that quote a file) before anything is rendered.
    pub fn redact_secrets(&mut self) {
        use crate::secrets::{redact_text, redacted};
        // `--docker-host tcp://user:password@host` names the engine with its credential.
        if let Some(endpoint) = &mut self.target.engine_endpoint {
            *endpoint = redact_text(endpoint);
        }
        for text in self
            .notes
            .iter_mut()
            .chain(self.incomplete_reasons.iter_mut())
        {
            *text = redact_text(text);
        }
        // Results are masked where they are made; this pass replaces only what still holds a
        // credential, so the shared strings stay shared and nothing is copied for nothing.
        for r in &mut self.results {
            if let Some(masked) = redacted(&r.message) {
                r.message = masked.into();
            }
            if let Some(masked) = redacted(&r.object.name) {
                Arc::make_mut(&mut r.object).name = masked;
            }
            let needs_masking = r.evidence.iter().any(|e| {
                redacted(&e.actual).is_some() || e.expected.as_deref().and_then(redacted).is_some()
            });
            if needs_masking {
                r.evidence = Arc::new(
                    r.evidence
                        .iter()
                        .map(|e| {
                            let mut e = e.clone();
                            e.actual = redact_text(&e.actual);
                            if let Some(expected) = &mut e.expected {
                                *expected = redact_text(expected);
                            }
                            e
                        })
                        .collect(),
                );
            }
        }
    }
}

/// Which failures make the run fail (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any failed control the benchmark scores automatically (the default).
    Automated,
    /// Any failed result, manual controls included.
    Any,
    /// Failures at or above a severity.
    Severity(Severity),
    /// Never.
    Never,
}

impl FailOn {
    /// Parses `automated`, `any`, `none` or a severity name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "automated" => Some(FailOn::Automated),
            "any" => Some(FailOn::Any),
            "none" | "never" => Some(FailOn::Never),
            other => Severity::ALL
                .into_iter()
                .find(|s| s.name() == other)
                .map(FailOn::Severity),
        }
    }

    /// Whether a result counts as a failure of the run.
    pub fn trips(self, result: &ResultEntry) -> bool {
        result.status == Status::Fail
            && result.suppressed.is_none()
            && match self {
                FailOn::Automated => result.rule.assessment == Assessment::Automated,
                FailOn::Any => true,
                FailOn::Severity(min) => result.rule.severity >= min,
                FailOn::Never => false,
            }
    }
}

/// The process exit code for a report: 0 clean, 1 failures, 3 incomplete without failures.
pub fn exit_code(report: &Report, fail_on: FailOn) -> i32 {
    if report.results.iter().any(|r| fail_on.trips(r)) {
        1
    } else if !report.complete {
        3
    } else {
        0
    }
}

/// Results of a kind of object, for reporters that group by it.
pub fn objects_of(report: &Report, kind: Target) -> usize {
    let mut ids: Vec<&str> = report
        .results
        .iter()
        .filter(|r| r.object.kind == kind)
        .map(|r| r.object.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

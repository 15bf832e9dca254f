//! What a rule is, and the context it is evaluated in.
//!
//! A rule is a pure function of the facts: it never reads a file, talks to a daemon or prints.
//! Its documentation is its doc comment, captured by [`declare_rule!`] so that the text in
//! `drydock explain`, the generated docs and the JSON report cannot drift from the code.

use crate::project::{ParsedCompose, ParsedDockerfile, ParsedProject};
use drydock_model::benchmark::{self, Control, DockerBenchmark};
use drydock_model::facts::{ContainerFacts, EngineFacts, Facts, ImageFacts};
use drydock_model::model::{Assessment, ObjectRef, Outcome, Severity, Stride, Target};
use drydock_parse::compose::Service;
use drydock_parse::dockerfile::Dockerfile;
use drydock_settings::daemon::DaemonView;

/// Whether drydock can fix what the rule finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// No automatic fix; the remediation says what to do.
    None,
    /// A host command or file edit drydock can produce.
    Available,
}

pub use drydock_model::model::PssLevel;

/// A Pod Security Standards control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PssControl {
    /// Control name as the standard words it (`Privileged Containers`).
    pub control: &'static str,
    /// Its level.
    pub level: PssLevel,
}

/// One check of the catalog.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id, never reused (`DH001`).
    pub id: &'static str,
    /// Kebab-case name of the bad state (`privileged-container`).
    pub name: &'static str,
    /// Title, when it is not the CIS control's (rules on project files have their own).
    pub custom_title: &'static str,
    /// CIS Docker Benchmark 1.6.0 ids this rule implements.
    pub cis: &'static [&'static str],
    /// CIS Kubernetes Benchmark 1.12 ids this rule implements.
    pub kube_cis: &'static [&'static str],
    /// The Pod Security Standards control this rule checks, with its level.
    pub pss: Option<PssControl>,
    /// Kind of object it is evaluated on.
    pub target: Target,
    /// Severity of a failure.
    pub severity: Severity,
    /// STRIDE categories of the threats a failure leaves open.
    pub stride: &'static [Stride],
    /// Whether a fix exists.
    pub fix: Fix,
    /// The fix drydock writes for a finding, when it has one (`drydock fix`).
    pub fixer: Option<crate::fix::Fixer>,
    /// The rule's documentation (Markdown, from its doc comment).
    pub docs: &'static str,
    /// The check itself.
    pub check: fn(&Context) -> Vec<Outcome>,
}

impl Rule {
    /// Whether the rule judges a Kubernetes node (CIS Kubernetes sections 1–4).
    pub fn is_node_rule(&self) -> bool {
        !self.kube_cis.is_empty() && !self.target.is_project()
    }

    /// Whether the facts hold what the rule judges: project rules always run (they find
    /// nothing without files), node rules when a node was audited, the others when the Docker
    /// host was.
    pub fn applies_to(&self, facts: &Facts) -> bool {
        if self.target.is_project() {
            true
        } else if self.is_node_rule() {
            facts.kubernetes.is_some()
        } else {
            facts.host_audited
        }
    }

    /// The CIS 1.6.0 control this rule implements first.
    pub fn control(&self) -> Option<&'static Control> {
        self.cis
            .first()
            .and_then(|id| benchmark::docker_control(id))
    }

    /// Title: its own, else the CIS control's.
    pub fn title(&self) -> &'static str {
        if !self.custom_title.is_empty() {
            return self.custom_title;
        }
        if self.cis.is_empty()
            && let Some(k) = self
                .kube_cis
                .first()
                .and_then(|id| drydock_model::benchmark::kube_control(id))
        {
            return k.title.as_str();
        }
        self.control()
            .map_or(self.name, |c: &'static Control| c.title.as_str())
    }

    /// Automated or manual: checks of project files are automated; host checks follow the
    /// benchmark's class of the control.
    pub fn assessment(&self) -> Assessment {
        if self.target.is_project() {
            return Assessment::Automated;
        }
        if self.is_node_rule() {
            return match self
                .kube_cis
                .first()
                .and_then(|id| benchmark::kube_control(id))
            {
                Some(c) if !c.scored => Assessment::Manual,
                _ => Assessment::Automated,
            };
        }
        self.control()
            .map_or(Assessment::Automated, |c| c.assessment)
    }

    /// Benchmark level (1 or 2).
    pub fn level(&self) -> u8 {
        self.control().map_or(1, |c| c.level)
    }

    /// Section number in CIS 1.6.0.
    pub fn section(&self) -> u8 {
        if self.is_node_rule() {
            return self
                .kube_cis
                .first()
                .and_then(|id| id.split('.').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
        }
        self.control().map_or(0, |c| c.section())
    }

    /// The id of the control in a given benchmark version.
    pub fn cis_id_in(&self, benchmark: DockerBenchmark) -> Option<&'static str> {
        self.control().and_then(|c| c.id_in(benchmark))
    }

    /// One section of the documentation (`What it checks`, `Why it matters`, `Remediation`).
    pub fn doc_section(&self, heading: &str) -> String {
        let mut out = Vec::new();
        let mut inside = false;
        for line in self.docs.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if let Some(h) = line.strip_prefix("## ") {
                inside = h.trim() == heading;
                continue;
            }
            if inside {
                out.push(line);
            }
        }
        out.join("\n").trim().to_string()
    }

    /// The `Remediation` section, computed once per rule for the whole process (every result
    /// of the rule shares it).
    pub fn remediation(&'static self) -> &'static str {
        use std::collections::HashMap;
        use std::sync::{Mutex, OnceLock};
        static CACHE: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let mut map = cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry(self.id)
            .or_insert_with(|| Box::leak(self.doc_section("Remediation").into_boxed_str()))
    }

    /// The documentation with the leading space of each doc-comment line removed.
    pub fn docs_text(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
}

/// The PSS control of a rule declaration (none or one).
pub const fn pss_of(given: &[(&'static str, PssLevel)]) -> Option<PssControl> {
    match given {
        [(control, level)] => Some(PssControl {
            control,
            level: *level,
        }),
        _ => None,
    }
}

/// Declares a rule: its doc comment becomes its documentation.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            id: $id:literal,
            name: $name:literal,
            $(title: $title:literal,)?
            cis: [$($cis:literal),* $(,)?],
            $(kube_cis: [$($kube:literal),* $(,)?],)?
            $(pss: ($pss_control:literal, $pss_level:ident),)?
            target: $target:ident,
            severity: $severity:ident,
            stride: [$($stride:ident),* $(,)?],
            fix: $fix:ident,
            $(fixer: ($applicability:ident, $what:literal, $make:path),)?
            check: $check:path $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::rule::Rule = $crate::rule::Rule {
            id: $id,
            name: $name,
            custom_title: concat!("" $(, $title)?),
            cis: &[$($cis),*],
            kube_cis: &[$($($kube),*)?],
            pss: $crate::rule::pss_of(&[$(($pss_control, $crate::rule::PssLevel::$pss_level))?]),
            target: ::drydock_model::model::Target::$target,
            severity: ::drydock_model::model::Severity::$severity,
            stride: &[$(::drydock_model::model::Stride::$stride),*],
            fix: $crate::rule::Fix::$fix,
            fixer: $crate::fix::fixer_of(&[$($crate::fix::Fixer {
                applicability: $crate::fix::Applicability::$applicability,
                what: $what,
                make: $make,
            })?]),
            docs: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}

/// Options that change how rules judge (not which rules run).
#[derive(Debug, Clone, Default)]
pub struct RuleOptions {
    /// Users allowed in the docker group (CIS 1.1.2); empty means a person must judge.
    pub trusted_users: Vec<String>,
    /// Registries base images may come from (CIS 4.2); empty means any.
    pub allowed_registries: Vec<String>,
    /// Kubernetes minor version whose Pod Security Standards apply (`--pss-version v1.N`);
    /// `None` means the latest drydock knows.
    pub pss_minor: Option<u32>,
    /// Today (`YYYY-MM-DD`), for the age of vulnerability data and end-of-life dates; empty
    /// means unknown, and nothing that depends on it passes.
    pub today: String,
    /// Known vulnerabilities with a fix at or above this severity fail an image (`None`:
    /// medium). A vulnerability of unknown severity counts as at the threshold.
    pub vuln_threshold: Option<drydock_model::model::Severity>,
    /// Oldest vulnerability data, in days, that can show an image clean (`None`: 7).
    pub vuln_max_age_days: Option<u32>,
}

/// What a rule sees.
pub struct Context<'a> {
    /// All facts.
    pub facts: &'a Facts,
    /// dockerd's effective settings.
    pub daemon: DaemonView<'a>,
    /// Options.
    pub options: &'a RuleOptions,
    project: std::sync::OnceLock<ParsedProject>,
    node: std::sync::OnceLock<Option<drydock_settings::kube_node::NodeView<'a>>>,
}

impl<'a> Context<'a> {
    /// A context over facts.
    pub fn new(facts: &'a Facts, options: &'a RuleOptions) -> Self {
        Context {
            facts,
            daemon: DaemonView::new(&facts.host),
            options,
            project: std::sync::OnceLock::new(),
            node: std::sync::OnceLock::new(),
        }
    }

    /// The audited Kubernetes node, parsed on first use; `None` when no node was audited.
    pub fn node(&self) -> Option<&drydock_settings::kube_node::NodeView<'a>> {
        self.node
            .get_or_init(|| {
                self.facts
                    .kubernetes
                    .as_ref()
                    .map(drydock_settings::kube_node::NodeView::new)
            })
            .as_ref()
    }

    /// The project's files, parsed on first use (once per evaluation).
    pub fn project(&self) -> &ParsedProject {
        self.project
            .get_or_init(|| ParsedProject::parse(&self.facts.project))
    }

    /// Applies `check` to every Dockerfile that parsed (whatever its errors).
    pub fn per_dockerfile(
        &self,
        check: impl Fn(&ParsedDockerfile, &Dockerfile) -> Vec<Outcome>,
    ) -> Vec<Outcome> {
        self.project()
            .dockerfiles
            .iter()
            .filter_map(|d| d.file.as_ref().ok().map(|f| check(d, f)))
            .flatten()
            .collect()
    }

    /// Applies `check` to every service of every compose project.
    pub fn per_service(
        &self,
        check: impl Fn(&ParsedCompose, &Service) -> Vec<Outcome>,
    ) -> Vec<Outcome> {
        self.project()
            .composes
            .iter()
            .flat_map(|c| {
                c.project
                    .services
                    .iter()
                    .flat_map(|s| check(c, s))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The Engine API facts, or why they are missing.
    pub fn engine(&self) -> Result<&'a EngineFacts, String> {
        match &self.facts.engine {
            drydock_model::facts::Probe::Known { value } => Ok(value),
            drydock_model::facts::Probe::Unavailable { reason } => {
                Err(format!("the Docker Engine API could not be read: {reason}"))
            }
        }
    }

    /// Applies `check` to every container; unknown when the engine could not be read, and for
    /// each container listed but not inspected (removed meanwhile, or an error).
    pub fn per_container(
        &self,
        check: impl Fn(&ContainerFacts, ObjectRef) -> Outcome,
    ) -> Vec<Outcome> {
        let engine = match self.engine() {
            Ok(engine) => engine,
            Err(reason) => return vec![Outcome::unknown(all_of(Target::Container), reason)],
        };
        let unseen = skipped_outcomes(engine, Target::Container);
        if engine.containers.is_empty() && unseen.is_empty() {
            return vec![Outcome::not_applicable(
                all_of(Target::Container),
                if engine.running_only {
                    "no running containers"
                } else {
                    "no containers on this host"
                },
            )];
        }
        engine
            .containers
            .iter()
            .map(|c| check(c, container_ref(c)))
            .chain(unseen)
            .collect()
    }

    /// Applies `check` to every image; unknown when the engine could not be read, and for each
    /// image listed but not inspected.
    pub fn per_image(&self, check: impl Fn(&ImageFacts, ObjectRef) -> Outcome) -> Vec<Outcome> {
        let engine = match self.engine() {
            Ok(engine) => engine,
            Err(reason) => return vec![Outcome::unknown(all_of(Target::Image), reason)],
        };
        let unseen = skipped_outcomes(engine, Target::Image);
        if engine.images.is_empty() && unseen.is_empty() {
            return vec![Outcome::not_applicable(
                all_of(Target::Image),
                "no images on this host",
            )];
        }
        engine
            .images
            .iter()
            .map(|i| check(i, image_ref(i)))
            .chain(unseen)
            .collect()
    }
}

/// Unknown outcomes for the objects of a kind that were listed but never inspected: nothing
/// is known of how they ran, so no check of theirs can pass.
fn skipped_outcomes(engine: &EngineFacts, kind: Target) -> Vec<Outcome> {
    engine
        .skipped
        .iter()
        .filter(|s| s.kind == kind.name())
        .map(|s| {
            let object = ObjectRef {
                kind,
                id: s.id.clone(),
                name: s.name.clone().unwrap_or_else(|| s.id.clone()),
            };
            let reason = if s.removed {
                format!(
                    "the {} was listed, then removed before it could be inspected",
                    kind.name()
                )
            } else {
                format!("the {} could not be inspected: {}", kind.name(), s.reason)
            };
            Outcome::unknown(object, reason)
        })
        .collect()
}

/// A reference standing for every object of a kind (when none could be listed).
pub fn all_of(kind: Target) -> ObjectRef {
    ObjectRef {
        kind,
        id: "*".into(),
        name: format!("all {}s", kind.name()),
    }
}

/// The object reference of a container.
pub fn container_ref(c: &ContainerFacts) -> ObjectRef {
    ObjectRef {
        kind: Target::Container,
        id: c.id.clone(),
        name: c.name.clone(),
    }
}

/// The object reference of an image.
pub fn image_ref(i: &ImageFacts) -> ObjectRef {
    ObjectRef {
        kind: Target::Image,
        id: i.id.clone(),
        name: i
            .repo_tags
            .iter()
            .find(|t| *t != "<none>:<none>")
            .cloned()
            .unwrap_or_else(|| {
                i.id.trim_start_matches("sha256:")
                    .chars()
                    .take(12)
                    .collect()
            }),
    }
}

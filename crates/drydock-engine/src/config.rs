//! `drydock.toml`: which rules run, the severities they report, and the waivers that set
//! findings aside for a while.
//!
//! Reading the file is the CLI's job; this module parses its text, resolves every rule it
//! names against the catalog, and applies it to a report. A mistake in the file stops the run
//! with the file, line and column: a waiver that silently matched nothing, or a rule selection
//! that silently selected nothing, would hide findings.

use drydock_model::benchmark::DockerBenchmark;
use drydock_model::model::{Severity, Status, Stride, Target};
use drydock_model::report::{
    Report, ResultEntry, ResultRule, Summary, Suppression, SuppressionKind,
};
use drydock_model::waiver::{WaiverState, WaiverUse};
use drydock_rules::rule::Rule;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The file name looked for in the audited directory.
pub const FILE_NAME: &str = "drydock.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    benchmark: Option<Spanned<String>>,
    #[serde(default)]
    options: RawOptions,
    #[serde(default)]
    rules: RawSelection,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default, rename = "waiver")]
    waivers: Vec<Spanned<RawWaiver>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOptions {
    trusted_users: Option<Vec<String>>,
    allowed_registries: Option<Vec<String>>,
    pss_version: Option<String>,
    vuln_threshold: Option<Spanned<String>>,
    vuln_max_age_days: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSelection {
    only: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    skip: Vec<Spanned<String>>,
    #[serde(default)]
    stride: Vec<Spanned<String>>,
    min_severity: Option<Spanned<String>>,
    level: Option<Spanned<u8>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    rule: Spanned<String>,
    reason: Spanned<String>,
    expires: Spanned<String>,
    path: Option<Spanned<String>>,
    container: Option<String>,
    image: Option<String>,
}

/// A parsed configuration, every rule it names resolved.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from, for messages.
    pub source: String,
    /// The report's numbering, unless `--benchmark` says otherwise.
    pub benchmark: Option<DockerBenchmark>,
    /// Users allowed in the docker group (`--trusted-users` overrides).
    pub trusted_users: Option<Vec<String>>,
    /// Registries base images may come from (`--allowed-registries` overrides).
    pub allowed_registries: Option<Vec<String>>,
    /// Kubernetes version of the Pod Security Standards (`--pss-version` overrides).
    pub pss_version: Option<String>,
    /// Severity from which a fixable vulnerability fails an image (`--vuln-threshold`
    /// overrides).
    pub vuln_threshold: Option<Severity>,
    /// Oldest vulnerability data, in days, that can show an image clean
    /// (`--vuln-max-age` overrides).
    pub vuln_max_age_days: Option<u32>,
    /// Which rules run.
    pub selection: Selection,
    /// Severity overrides: rule id → severity.
    pub severity: BTreeMap<&'static str, Severity>,
    /// Waivers, in file order.
    pub waivers: Vec<Waiver>,
}

/// Which rules run. Every condition must hold; `skip` wins over `only`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these rules, when set.
    pub only: Option<Vec<&'static str>>,
    /// Never these.
    pub skip: Vec<&'static str>,
    /// Only rules with at least one of these STRIDE categories, when not empty.
    pub stride: Vec<Stride>,
    /// Only rules whose (overridden) severity is at least this.
    pub min_severity: Option<Severity>,
    /// The CIS profile: 1 keeps Level 1 controls only, 2 keeps both levels.
    pub level: Option<u8>,
}

/// Where a waiver applies.
#[derive(Debug, Clone)]
pub enum WaiverScope {
    /// Every object the rule judges.
    Everywhere,
    /// Findings in files whose path, relative to the configuration's directory (or as the
    /// report writes it), matches the glob (`**` crosses directories, `*` does not); and host
    /// files whose path matches it.
    Path {
        /// The glob as written.
        pattern: String,
        /// The compiled glob.
        glob: globset::GlobMatcher,
        /// The configuration's directory as the command line named it (`.`, `/srv/app`).
        base: String,
    },
    /// Containers whose name matches (`*` wildcards).
    Container(String),
    /// Images whose name or id matches (`*` wildcards).
    Image(String),
}

impl WaiverScope {
    fn describe(&self) -> String {
        match self {
            WaiverScope::Everywhere => "everywhere".into(),
            WaiverScope::Path { pattern, .. } => format!("path {pattern}"),
            WaiverScope::Container(c) => format!("container {c}"),
            WaiverScope::Image(i) => format!("image {i}"),
        }
    }

    fn covers(&self, result: &ResultEntry) -> bool {
        match self {
            WaiverScope::Everywhere => true,
            WaiverScope::Path { glob, base, .. } => {
                let path = match &result.location {
                    Some(location) => &*location.path,
                    None if result.object.kind == Target::File => result.object.name.as_str(),
                    None => return false,
                };
                let as_written = path.strip_prefix("./").unwrap_or(path);
                let base = base.trim_end_matches('/');
                let base = base.strip_prefix("./").unwrap_or(base);
                let relative = (!base.is_empty() && base != ".")
                    .then(|| as_written.strip_prefix(base)?.strip_prefix('/'))
                    .flatten();
                glob.is_match(as_written) || relative.is_some_and(|r| glob.is_match(r))
            }
            WaiverScope::Container(pattern) => {
                result.object.kind == Target::Container
                    && drydock_model::dates::glob_match(
                        pattern,
                        result.object.name.trim_start_matches('/'),
                    )
            }
            WaiverScope::Image(pattern) => {
                result.object.kind == Target::Image
                    && (drydock_model::dates::glob_match(pattern, &result.object.name)
                        || drydock_model::dates::glob_match(pattern, &result.object.id))
            }
        }
    }
}

/// A waiver: findings of some rules, in a scope, set aside until a day, for a reason.
#[derive(Debug, Clone)]
pub struct Waiver {
    /// The rule as written.
    pub rule: String,
    /// The rules it names.
    pub rule_ids: Vec<&'static str>,
    /// Why.
    pub reason: String,
    /// Last day it holds (`YYYY-MM-DD`).
    pub expires: String,
    /// Where.
    pub scope: WaiverScope,
    /// `file:line` of the waiver.
    pub source: String,
}

/// A mistake in the file, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub source: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.source, self.line, self.column, self.message
        )
    }
}

/// Line and column (1-based, in characters) of a byte offset.
fn place(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses a configuration. CIS ids that name no benchmark are read in the file's own
/// `benchmark` (default CIS Docker 1.6.0), so the file means the same whatever `--benchmark`
/// the report is printed in.
pub fn parse(source: &str, text: &str) -> Result<Config, Vec<ConfigError>> {
    let error = |offset: usize, message: String| {
        let (line, column) = place(text, offset);
        ConfigError {
            source: source.to_string(),
            line,
            column,
            message,
        }
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        vec![error(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )]
    })?;
    let mut errors = Vec::new();
    let mut config = Config {
        source: source.to_string(),
        trusted_users: raw.options.trusted_users,
        allowed_registries: raw.options.allowed_registries,
        pss_version: raw.options.pss_version,
        vuln_max_age_days: raw.options.vuln_max_age_days,
        ..Config::default()
    };
    if let Some(s) = &raw.options.vuln_threshold {
        match parse_severity(s.get_ref()) {
            Some(sev) => config.vuln_threshold = Some(sev),
            None => errors.push(error(s.span().start, severity_error(s.get_ref()))),
        }
    }
    if let Some(b) = &raw.benchmark {
        match DockerBenchmark::parse(b.get_ref()) {
            Some(parsed) => config.benchmark = Some(parsed),
            None => errors.push(error(
                b.span().start,
                format!(
                    "unknown benchmark `{}`; use one of {}",
                    b.get_ref(),
                    DockerBenchmark::ALL.map(|b| b.name()).join(", ")
                ),
            )),
        }
    }
    let numbering = config.benchmark.unwrap_or(DockerBenchmark::V160);
    let resolve = |query: &Spanned<String>, errors: &mut Vec<ConfigError>| {
        let found: Vec<&'static str> = drydock_rules::rules::query(query.get_ref(), numbering)
            .iter()
            .map(|r| r.id)
            .collect();
        if found.is_empty() {
            errors.push(error(
                query.span().start,
                format!(
                    "no rule matches `{}` (a drydock id, a rule name, or a CIS id in {}; `drydock rules` lists them)",
                    query.get_ref(),
                    numbering.name()
                ),
            ));
        }
        found
    };
    let selection = &raw.rules;
    if let Some(only) = &selection.only {
        let mut ids = Vec::new();
        for q in only {
            ids.extend(resolve(q, &mut errors));
        }
        config.selection.only = Some(ids);
    }
    for q in &selection.skip {
        let ids = resolve(q, &mut errors);
        config.selection.skip.extend(ids);
    }
    for s in &selection.stride {
        match parse_stride(s.get_ref()) {
            Some(category) => config.selection.stride.push(category),
            None => errors.push(error(
                s.span().start,
                format!(
                    "unknown STRIDE category `{}`; use one of {} (or their letters)",
                    s.get_ref(),
                    Stride::ALL.map(|c| c.name()).join(", ")
                ),
            )),
        }
    }
    if let Some(s) = &selection.min_severity {
        match parse_severity(s.get_ref()) {
            Some(sev) => config.selection.min_severity = Some(sev),
            None => errors.push(error(s.span().start, severity_error(s.get_ref()))),
        }
    }
    if let Some(level) = &selection.level {
        if matches!(level.get_ref(), 1 | 2) {
            config.selection.level = Some(*level.get_ref());
        } else {
            errors.push(error(
                level.span().start,
                format!(
                    "level {} is not a CIS profile level (1 or 2)",
                    level.get_ref()
                ),
            ));
        }
    }
    for (rule, severity) in &raw.severity {
        let ids = resolve(rule, &mut errors);
        match parse_severity(severity.get_ref()) {
            Some(sev) => {
                for id in ids {
                    config.severity.insert(id, sev);
                }
            }
            None => errors.push(error(
                severity.span().start,
                severity_error(severity.get_ref()),
            )),
        }
    }
    for spanned in &raw.waivers {
        let w = spanned.get_ref();
        let at = spanned.span().start;
        let rule_ids = resolve(&w.rule, &mut errors);
        if w.reason.get_ref().trim().is_empty() {
            errors.push(error(
                w.reason.span().start,
                "a waiver needs a reason: the next reader must know why the finding was accepted"
                    .into(),
            ));
        }
        if drydock_model::dates::parse_date(w.expires.get_ref()).is_none() {
            errors.push(error(
                w.expires.span().start,
                format!(
                    "expires `{}` is not a date (YYYY-MM-DD)",
                    w.expires.get_ref()
                ),
            ));
        }
        let scopes = usize::from(w.path.is_some())
            + usize::from(w.container.is_some())
            + usize::from(w.image.is_some());
        let scope = if scopes > 1 {
            errors.push(error(
                at,
                "a waiver has one scope: path, container or image (write one waiver for each)"
                    .into(),
            ));
            WaiverScope::Everywhere
        } else if let Some(path) = &w.path {
            let pattern = path.get_ref().strip_prefix("./").unwrap_or(path.get_ref());
            match globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
            {
                Ok(glob) => WaiverScope::Path {
                    pattern: path.get_ref().clone(),
                    glob: glob.compile_matcher(),
                    base: std::path::Path::new(source)
                        .parent()
                        .map(|p| p.to_string_lossy().into_owned())
                        .filter(|p| !p.is_empty())
                        .unwrap_or_else(|| ".".into()),
                },
                Err(e) => {
                    errors.push(error(
                        path.span().start,
                        format!("path `{}` is not a glob: {}", path.get_ref(), e.kind()),
                    ));
                    WaiverScope::Everywhere
                }
            }
        } else if let Some(c) = &w.container {
            WaiverScope::Container(c.trim_start_matches('/').to_string())
        } else if let Some(i) = &w.image {
            WaiverScope::Image(i.clone())
        } else {
            WaiverScope::Everywhere
        };
        config.waivers.push(Waiver {
            rule: w.rule.get_ref().clone(),
            rule_ids,
            reason: w.reason.get_ref().trim().to_string(),
            expires: w.expires.get_ref().trim().to_string(),
            scope,
            source: format!("{source}:{}", place(text, at).0),
        });
    }
    if errors.is_empty() {
        Ok(config)
    } else if errors.len() > 1 {
        errors.sort_by_key(|e| (e.line, e.column));
        Err(errors)
    } else {
        Err(errors)
    }
}

fn parse_stride(text: &str) -> Option<Stride> {
    let text = text.trim();
    Stride::ALL.into_iter().find(|c| {
        c.name().eq_ignore_ascii_case(text) || c.letter().to_string().eq_ignore_ascii_case(text)
    })
}

fn parse_severity(text: &str) -> Option<Severity> {
    Severity::ALL
        .into_iter()
        .find(|s| s.name().eq_ignore_ascii_case(text.trim()))
}

fn severity_error(text: &str) -> String {
    format!(
        "unknown severity `{text}`; use one of {}",
        Severity::ALL.map(|s| s.name()).join(", ")
    )
}

impl Config {
    /// The severity a rule reports under this configuration.
    pub fn severity_of(&self, rule: &Rule) -> Severity {
        self.severity.get(rule.id).copied().unwrap_or(rule.severity)
    }

    /// Keeps the rules the selection allows.
    pub fn select(&self, rules: Vec<&'static Rule>) -> Vec<&'static Rule> {
        let s = &self.selection;
        rules
            .into_iter()
            .filter(|r| s.only.as_ref().is_none_or(|only| only.contains(&r.id)))
            .filter(|r| !s.skip.contains(&r.id))
            .filter(|r| s.stride.is_empty() || r.stride.iter().any(|c| s.stride.contains(c)))
            .filter(|r| s.min_severity.is_none_or(|min| self.severity_of(r) >= min))
            .filter(|r| s.level.is_none_or(|level| r.level() <= level))
            .collect()
    }

    /// Applies the severity overrides and the waivers to a report, records what each waiver
    /// did, and counts the results again. A waiver covers failed and manual results only: an
    /// unknown result means drydock could not look, and no waiver makes that a pass. An
    /// inline ignore already on a result stays.
    pub fn apply(&self, report: &mut Report, today: &str) {
        if !self.severity.is_empty() {
            // A rule's results share its part: one changed copy per rule, shared again.
            let mut changed: std::collections::HashMap<String, std::sync::Arc<ResultRule>> =
                std::collections::HashMap::new();
            for r in &mut report.results {
                if let Some(sev) = self.severity.get(r.rule.rule_id.as_ref()) {
                    let rule = changed
                        .entry(r.rule.rule_id.to_string())
                        .or_insert_with(|| {
                            let mut rule = (*r.rule).clone();
                            rule.severity = *sev;
                            std::sync::Arc::new(rule)
                        });
                    r.rule = std::sync::Arc::clone(rule);
                }
            }
        }
        for waiver in &self.waivers {
            let expired = drydock_model::dates::parse_date(&waiver.expires)
                .zip(drydock_model::dates::parse_date(today))
                .is_some_and(|(last, now)| last < now);
            let mut findings = 0;
            for r in &mut report.results {
                if !matches!(r.status, Status::Fail | Status::Manual)
                    || r.suppressed.is_some()
                    || !waiver.rule_ids.contains(&r.rule.rule_id.as_ref())
                    || !waiver.scope.covers(r)
                {
                    continue;
                }
                findings += 1;
                if !expired {
                    r.suppressed = Some(Box::new(Suppression {
                        kind: SuppressionKind::Waiver,
                        reason: waiver.reason.clone(),
                        source: waiver.source.clone(),
                        expires: Some(waiver.expires.clone()),
                    }));
                }
            }
            let state = if expired {
                WaiverState::Expired
            } else if findings == 0 {
                WaiverState::Unmatched
            } else {
                WaiverState::Active
            };
            let scope = waiver.scope.describe();
            match state {
                WaiverState::Expired if findings > 0 => report.notes.push(format!(
                    "{}: the waiver of {} ({scope}) expired on {}; its {findings} finding(s) count again",
                    waiver.source, waiver.rule, waiver.expires
                )),
                WaiverState::Expired => report.notes.push(format!(
                    "{}: the waiver of {} ({scope}) expired on {} and would cover no finding now; remove it",
                    waiver.source, waiver.rule, waiver.expires
                )),
                WaiverState::Unmatched => report.notes.push(format!(
                    "{}: the waiver of {} ({scope}) matches no finding of this audit; remove it if it is no longer needed",
                    waiver.source, waiver.rule
                )),
                WaiverState::Active => {}
            }
            report.waivers.push(WaiverUse {
                rule: waiver.rule.clone(),
                scope,
                reason: waiver.reason.clone(),
                expires: waiver.expires.clone(),
                source: waiver.source.clone(),
                state,
                findings,
            });
        }
        report.summary = Summary::of(&report.results);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_model::model::{Assessment, Location, ObjectRef};
    use std::borrow::Cow;

    fn finding(rule: &'static str, kind: Target, name: &str, path: Option<&str>) -> ResultEntry {
        ResultEntry {
            rule: std::sync::Arc::new(ResultRule {
                rule_id: Cow::Borrowed(rule),
                rule_name: Cow::Borrowed(""),
                control: Cow::Borrowed(""),
                title: Cow::Borrowed(""),
                cis: Vec::new().into(),
                section: 0,
                level: 1,
                assessment: Assessment::Automated,
                severity: Severity::Medium,
                stride: Vec::new().into(),
                remediation: Cow::Borrowed(""),
                pss: None,
            }),
            status: Status::Fail,
            object: std::sync::Arc::new(ObjectRef {
                kind,
                id: name.into(),
                name: name.into(),
            }),
            message: std::sync::Arc::new(String::new()),
            evidence: Vec::new().into(),
            location: path.map(|p| Location {
                path: std::sync::Arc::new(p.to_string()),
                line: 1,
                column: 1,
            }),
            suppressed: None,
        }
    }

    fn report_of(results: Vec<ResultEntry>) -> Report {
        Report {
            schema_version: String::new(),
            tool_version: String::new(),
            benchmark: String::new(),
            target: drydock_model::report::AuditTarget {
                host: String::new(),
                root: "/".into(),
                engine_endpoint: None,
                engine_version: None,
                containers: 0,
                images: 0,
                files: 1,
                host_audited: false,
                kubernetes_node: None,
                objects: Default::default(),
                audited: Vec::new(),
                evidence: Vec::new(),
            },
            complete: true,
            incomplete_reasons: Vec::new(),
            notes: Vec::new(),
            summary: Summary::of(&results),
            rules_evaluated: Vec::new(),
            waivers: Vec::new(),
            threat_model: None,
            results,
        }
    }

    fn waiver(source: &str, scope: &str) -> Waiver {
        let text = format!(
            "[[waiver]]\nrule = \"DF023\"\nreason = \"r\"\nexpires = \"2099-01-01\"\n{scope}\n"
        );
        parse(source, &text).unwrap().waivers.remove(0)
    }

    #[test]
    fn path_globs_read_relative_to_the_configuration() {
        let df = |path: &str| finding("DF023", Target::Dockerfile, path, Some(path));
        let w = waiver("/srv/repo/drydock.toml", "path = \"app/**\"");
        assert!(w.scope.covers(&df("/srv/repo/app/Dockerfile")));
        assert!(w.scope.covers(&df("app/x/Dockerfile")));
        assert!(!w.scope.covers(&df("/srv/repo/other/app/Dockerfile")));
        let w = waiver("./drydock.toml", "path = \"*/Dockerfile\"");
        assert!(w.scope.covers(&df("./app/Dockerfile")));
        assert!(
            !w.scope.covers(&df("./app/x/Dockerfile")),
            "* does not cross /"
        );
        let w = waiver("drydock.toml", "path = \"**/Dockerfile\"");
        assert!(w.scope.covers(&df("a/b/c/Dockerfile")));
        // Host files are matched by their path.
        let w = waiver("drydock.toml", "path = \"/etc/docker/*\"");
        assert!(w.scope.covers(&finding(
            "DF023",
            Target::File,
            "/etc/docker/daemon.json",
            None
        )));
        assert!(
            !w.scope
                .covers(&finding("DF023", Target::Container, "/etc/docker/x", None))
        );
    }

    #[test]
    fn container_and_image_scopes_match_their_kind_only() {
        let w = waiver("drydock.toml", "container = \"web-*\"");
        assert!(
            w.scope
                .covers(&finding("DF023", Target::Container, "/web-1", None))
        );
        assert!(
            !w.scope
                .covers(&finding("DF023", Target::Image, "web-1", None))
        );
        let w = waiver("drydock.toml", "image = \"nginx:*\"");
        assert!(
            w.scope
                .covers(&finding("DF023", Target::Image, "nginx:1.27", None))
        );
        assert!(
            !w.scope
                .covers(&finding("DF023", Target::Container, "nginx:1.27", None))
        );
    }

    #[test]
    fn expiry_is_inclusive_and_unknown_results_are_never_waived() {
        let config = parse(
            "drydock.toml",
            "[[waiver]]\nrule = \"DF023\"\nreason = \"r\"\nexpires = \"2026-11-23\"\n",
        )
        .unwrap();
        let mut unknown = finding(
            "DF023",
            Target::Dockerfile,
            "Dockerfile",
            Some("Dockerfile"),
        );
        unknown.status = Status::Unknown;
        let mut report = report_of(vec![
            finding(
                "DF023",
                Target::Dockerfile,
                "Dockerfile",
                Some("Dockerfile"),
            ),
            unknown,
        ]);
        config.apply(&mut report, "2026-11-23");
        assert!(
            report.results[0].suppressed.is_some(),
            "the last day still holds"
        );
        assert!(report.results[1].suppressed.is_none());
        assert_eq!(report.summary.fail, 0);
        assert_eq!(report.summary.unknown, 1);
        let mut report = report_of(vec![finding(
            "DF023",
            Target::Dockerfile,
            "Dockerfile",
            Some("Dockerfile"),
        )]);
        config.apply(&mut report, "2026-11-24");
        assert!(report.results[0].suppressed.is_none());
        assert_eq!(report.waivers[0].state, WaiverState::Expired);
        assert_eq!(report.summary.fail, 1);
    }

    #[test]
    fn qualified_cis_ids_name_the_same_control_in_each_numbering() {
        let a = drydock_rules::rules::query("cis-docker-1.2.0:5.4", DockerBenchmark::V160);
        let b = drydock_rules::rules::query("5.5", DockerBenchmark::V160);
        assert!(!a.is_empty());
        assert_eq!(
            a.iter().map(|r| r.id).collect::<Vec<_>>(),
            b.iter().map(|r| r.id).collect::<Vec<_>>()
        );
        assert!(!drydock_rules::rules::query("kubernetes:4.2.1", DockerBenchmark::V160).is_empty());
        assert!(
            drydock_rules::rules::query("cis-docker-9.9:5.4", DockerBenchmark::V160).is_empty()
        );
        let errors = parse("d.toml", "benchmark = \"2.0\"\n").unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (1, 13));
    }
}

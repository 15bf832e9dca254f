//! Finding and reading the files of a project: Dockerfiles, compose files (grouped with their
//! overrides, with the variables and `extends` files they need) and image archives.
//!
//! The tree is walked honouring `.gitignore` (unless told otherwise); files are read in
//! parallel, each once. A file that is too large, binary, or unreadable is skipped with a reason.

use crate::root::describe;
use drydock_model::facts::{ComposeSet, Probe, ProjectFacts, SkippedFile, SourceFile, SourceKind};
use drydock_model::secrets::{is_secret_name, mask};
use drydock_parse::compose::parse_env_file;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest project file read.
pub const MAX_SOURCE_BYTES: u64 = 8 * 1024 * 1024;

/// How to walk the tree.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Do not honour `.gitignore`/`.ignore`.
    pub no_ignore: bool,
    /// Enter hidden files and directories.
    pub hidden: bool,
    /// Compose files given with `-f`, merged in order as one project.
    pub compose_files: Vec<PathBuf>,
    /// Text read from standard input, with its kind.
    pub stdin: Option<(SourceKind, String)>,
    /// Kinds of files named on the command line, decided by [`named_file_kind`] or `--type`.
    pub named: Vec<(PathBuf, FileKind)>,
}

/// What a file name says the file is.
pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    // Backups `drydock fix --apply` wrote (`Dockerfile.drydock-backup`, `….drydock-backup.2`)
    // hold the text before the fix: auditing them would report what was fixed.
    if let Some((_, tail)) = lower.rsplit_once(".drydock-backup")
        && (tail.is_empty()
            || tail
                .strip_prefix('.')
                .is_some_and(|n| n.parse::<u32>().is_ok()))
    {
        return None;
    }
    if lower == "dockerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile")
        || lower == "containerfile"
        || lower.starts_with("containerfile.")
    {
        // `Dockerfile.dev` is a variant; `dockerfile.rs` or `Dockerfile.j2` is something else.
        const NOT_DOCKERFILES: &[&str] = &[
            "dockerignore",
            "md",
            "txt",
            "rs",
            "go",
            "py",
            "js",
            "ts",
            "json",
            "yml",
            "yaml",
            "toml",
            "sh",
            "html",
            "css",
            "rb",
            "java",
            "c",
            "h",
            "cpp",
            "j2",
            "jinja",
            "jinja2",
            "tmpl",
            "tpl",
            "template",
            "erb",
            "mustache",
            "hbs",
            "orig",
            "rej",
            "swp",
            "bak",
        ];
        if lower
            .rsplit_once('.')
            .is_some_and(|(_, ext)| NOT_DOCKERFILES.contains(&ext))
            && !lower.ends_with(".dockerfile")
        {
            return None;
        }
        return Some(FileKind::Source(SourceKind::Dockerfile));
    }
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    if yaml && (lower.starts_with("compose.") || lower.starts_with("docker-compose")) {
        return Some(FileKind::Source(SourceKind::Compose));
    }
    if yaml || lower.ends_with(".json") {
        // Kept only if the content looks like Kubernetes objects (see `looks_like_kubernetes`).
        return Some(FileKind::Source(SourceKind::Kubernetes));
    }
    if lower.ends_with(".tar") || lower.ends_with(".tar.gz") || lower.ends_with(".tgz") {
        return Some(FileKind::Archive);
    }
    None
}

/// A file's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Dockerfile or compose file.
    Source(SourceKind),
    /// A tar archive that may be an image.
    Archive,
}

/// Why a project file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file could not be read (permissions, I/O): its checks are unknown.
    Io(String),
    /// The file is not a text file drydock reads (binary, not UTF-8, too large): it is skipped.
    NotText(String),
}

impl ReadError {
    fn message(&self) -> &str {
        match self {
            ReadError::Io(m) | ReadError::NotText(m) => m,
        }
    }
}

/// Reads a text file (UTF-8, or UTF-16 with its byte-order mark), refusing large, binary and
/// other non-UTF-8 files.
pub fn read_text(path: &Path) -> Result<String, String> {
    read_source(path, false)
        .map(|d| d.text)
        .map_err(|e| e.message().to_string())
}

/// A file's text as its real reader takes it.
struct Decoded {
    text: String,
    /// Set when the text is not the file's bytes as they are (decoded from UTF-16, or bytes
    /// that are not UTF-8 shown as U+FFFD): what it says, for the report; drydock writes no
    /// fix into such a file.
    recoded: Option<String>,
}

/// Reads a project file. `lenient` (Dockerfiles) keeps bytes that are not UTF-8 as
/// replacement characters, since BuildKit builds such files; YAML must be Unicode, as
/// kubectl and Compose require, in UTF-8 or in UTF-16 with its byte-order mark.
fn read_source(path: &Path, lenient: bool) -> Result<Decoded, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(describe(&e));
    let file = crate::root::open_regular(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            ReadError::NotText(e.to_string())
        } else {
            io(e)
        }
    })?;
    let meta = file.metadata().map_err(io)?;
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(ReadError::NotText(format!(
            "larger than {} MiB ({} bytes)",
            MAX_SOURCE_BYTES / 1024 / 1024,
            meta.len()
        )));
    }
    let mut buf = Vec::new();
    file.take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(io)?;
    if let Some(text) = utf16(&buf) {
        return text
            .map(|text| Decoded {
                text,
                recoded: Some("decoded from UTF-16".into()),
            })
            .ok_or_else(|| ReadError::NotText("UTF-16 text with invalid code units".into()));
    }
    if buf.contains(&0) {
        return Err(ReadError::NotText(
            "a binary file (it holds NUL bytes)".into(),
        ));
    }
    match String::from_utf8(buf) {
        Ok(text) => Ok(Decoded {
            text,
            recoded: None,
        }),
        Err(e) if lenient => {
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let bad = text.matches('\u{fffd}').count();
            Ok(Decoded {
                text,
                recoded: Some(format!(
                    "{bad} byte sequence(s) that are not UTF-8, read as U+FFFD as the builder passes them through"
                )),
            })
        }
        Err(e) => Err(ReadError::NotText(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))),
    }
}

/// The text of UTF-16 with a byte-order mark (`None`: not UTF-16; `Some(None)`: invalid).
fn utf16(bytes: &[u8]) -> Option<Option<String>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| {
            if little {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    Some(String::from_utf16(&units).ok())
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Walks the roots and returns the candidate files with their kinds.
fn discover(
    roots: &[PathBuf],
    options: &WalkOptions,
    skipped: &mut Vec<SkippedFile>,
) -> Vec<(PathBuf, FileKind)> {
    let mut found = Vec::new();
    for root in roots {
        if root.is_file() {
            let kind = options
                .named
                .iter()
                .find(|(p, _)| p == root)
                .map(|(_, k)| *k)
                .or_else(|| classify(root))
                .or_else(|| sniff(root));
            match kind {
                Some(k) => found.push((root.clone(), k)),
                None => skipped.push(SkippedFile {
                    path: display(root),
                    reason: "not a Dockerfile, compose file or image archive (name it so, or use --type with -)".into(),
                }),
            }
            continue;
        }
        if root.is_dir() && root.join("oci-layout").is_file() {
            found.push((root.clone(), FileKind::Archive));
            continue;
        }
        if !root.exists() {
            skipped.push(SkippedFile {
                path: display(root),
                reason: "does not exist".into(),
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(!options.hidden)
            .git_ignore(!options.no_ignore)
            .git_global(!options.no_ignore)
            .git_exclude(!options.no_ignore)
            .ignore(!options.no_ignore)
            .parents(!options.no_ignore)
            .require_git(false)
            .follow_links(false)
            .add_custom_ignore_filename(".drydockignore")
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    skipped.push(SkippedFile {
                        path: display(root),
                        reason: e.to_string(),
                    });
                    continue;
                }
            };
            let path = entry.path();
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir {
                if path.join("oci-layout").is_file() && path.join("index.json").is_file() {
                    found.push((path.to_path_buf(), FileKind::Archive));
                }
                continue;
            }
            if let Some(kind) = classify(path) {
                if entry.path_is_symlink()
                    && let Err(reason) = link_stays_inside(path, root)
                {
                    skipped.push(SkippedFile {
                        path: display(path),
                        reason,
                    });
                    continue;
                }
                found.push((path.to_path_buf(), kind));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.dedup_by(|a, b| a.0 == b.0);
    found
}

/// Whether a symbolic link found in the tree leads to a file inside the audited directory.
/// One that leads out of it (`Dockerfile -> /root/.docker/config.json`) is not followed: the
/// directory audited is what the user named, and a checked-out repository must not make
/// drydock read, and quote, files elsewhere on the machine. A loop or a dangling link is
/// named too.
fn link_stays_inside(path: &Path, root: &Path) -> Result<(), String> {
    let target = std::fs::canonicalize(path)
        .map_err(|e| format!("a symbolic link that cannot be followed: {}", describe(&e)))?;
    let root = std::fs::canonicalize(root).map_err(|e| describe(&e))?;
    if target.starts_with(&root) {
        Ok(())
    } else {
        Err(format!(
            "a symbolic link to {}, outside the audited directory; not followed",
            target.display()
        ))
    }
}

/// Whether text holds Kubernetes objects: an `apiVersion` and a `kind` key (YAML or JSON).
pub fn looks_like_kubernetes(text: &str) -> bool {
    has_key(text, "apiVersion") && has_key(text, "kind")
}

/// Whether a YAML or JSON text has `key` as a mapping key anywhere: in block style
/// (`key: v`), flow style (`{key: v, …}`) or JSON (`"key": v`), quoted or not.
pub fn has_key(text: &str, key: &str) -> bool {
    text.match_indices(key).any(|(at, _)| {
        let before = text[..at].trim_end_matches(['"', '\'']);
        let opens = before
            .chars()
            .last()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '{' | ',' | '-' | '[' | '\u{feff}'));
        let after = text[at + key.len()..].trim_start_matches(['"', '\'']);
        opens && after.trim_start_matches([' ', '\t']).starts_with(':')
    })
}

/// The chart directory of a Helm template: a YAML file under a chart's `templates/` that holds
/// template actions (`{{ … }}`). The chart is the directory holding `templates/` (it has a
/// `Chart.yaml` in a real chart).
fn helm_chart_of(path: &str, text: &str) -> Option<String> {
    if !text.contains("{{") {
        return None;
    }
    let (chart, _) = path
        .rsplit_once("/templates/")
        .or_else(|| path.strip_prefix("templates/").map(|rest| (".", rest)))?;
    Some(if chart.is_empty() { "." } else { chart }.to_string())
}

/// Guesses the kind of an explicitly named file from its first lines.
fn sniff(path: &Path) -> Option<FileKind> {
    kind_by_content(&read_text(path).ok()?).map(FileKind::Source)
}

/// What a text holds, by its content: Kubernetes objects (an `apiVersion` and a `kind`), a
/// compose file (a top-level `services`), or a Dockerfile (its first instruction is `FROM` or
/// `ARG`, or it opens with a parser directive such as `# syntax=`).
pub fn kind_by_content(text: &str) -> Option<SourceKind> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if looks_like_kubernetes(text) {
        return Some(SourceKind::Kubernetes);
    }
    if text.lines().any(|l| l.starts_with("services:"))
        || (text.trim_start().starts_with('{') && has_key(text, "services"))
    {
        return Some(SourceKind::Compose);
    }
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(comment) = line.strip_prefix('#') {
            let directive = comment.trim_start().to_ascii_lowercase();
            if directive.starts_with("syntax=") || directive.starts_with("escape=") {
                return Some(SourceKind::Dockerfile);
            }
            continue;
        }
        let upper = line.to_ascii_uppercase();
        return (upper.starts_with("FROM ") || upper.starts_with("ARG "))
            .then_some(SourceKind::Dockerfile);
    }
    None
}

/// The kind of a file named on the command line: by its name when the name says (a
/// `Dockerfile`, a `compose.yaml`, an archive), else by what it holds. A YAML or JSON file
/// with any other name is Kubernetes or compose by its content. `Err` says why it is none.
pub fn named_file_kind(path: &Path) -> Result<FileKind, String> {
    match classify(path) {
        Some(FileKind::Source(SourceKind::Kubernetes)) | None => {}
        Some(kind) => return Ok(kind),
    }
    let text = read_text(path)?;
    kind_by_content(&text).map(FileKind::Source).ok_or_else(|| {
        "neither a Dockerfile (its first instruction FROM or ARG), a compose file (a top-level \
         `services`) nor Kubernetes manifests (`apiVersion` and `kind`); name its kind with --type"
            .to_string()
    })
}

/// The base compose file names docker compose looks for, in its order.
const BASE_NAMES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];

/// Groups compose files of a directory: the base file with each override or variant.
fn compose_groups(paths: &[PathBuf]) -> Vec<Vec<PathBuf>> {
    let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for p in paths {
        by_dir
            .entry(p.parent().unwrap_or(Path::new("")).to_path_buf())
            .or_default()
            .push(p.clone());
    }
    let mut out = Vec::new();
    for (_, files) in by_dir {
        let name = |p: &PathBuf| {
            p.file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default()
        };
        let base = BASE_NAMES
            .iter()
            .find_map(|b| files.iter().find(|f| name(f) == *b))
            .cloned();
        match base {
            Some(base) => {
                let extras: Vec<&PathBuf> = files.iter().filter(|f| **f != base).collect();
                let (overrides, variants): (Vec<&PathBuf>, Vec<&PathBuf>) = extras
                    .into_iter()
                    .partition(|f| name(f).contains(".override."));
                let mut first = vec![base.clone()];
                first.extend(overrides.iter().map(|p| (*p).clone()));
                out.push(first);
                // `docker-compose.prod.yml` is used as `-f docker-compose.yml -f docker-compose.prod.yml`.
                for v in variants {
                    if BASE_NAMES.contains(&name(v).as_str()) {
                        out.push(vec![v.clone()]);
                    } else {
                        out.push(vec![base.clone(), v.clone()]);
                    }
                }
            }
            None => out.extend(files.into_iter().map(|f| vec![f])),
        }
    }
    out
}

/// Names of the variables a compose text refers to.
fn referenced_variables(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            if bytes.get(i + 1) == Some(&b'$') {
                i += 2;
                continue;
            }
            let start = if bytes.get(i + 1) == Some(&b'{') {
                i + 2
            } else {
                i + 1
            };
            let mut j = start;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                j += 1;
            }
            if j > start {
                out.insert(text[start..j].to_string());
                // Defaults may reference more variables: keep scanning inside.
                i = start;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn extends_paths(text: &str) -> Vec<String> {
    let doc = drydock_parse::yaml::parse_single(text);
    let Some(root) = doc.root else {
        return Vec::new();
    };
    let Some(services) = root.get("services") else {
        return Vec::new();
    };
    services
        .entries()
        .iter()
        .filter_map(|(_, s)| s.get("extends")?.get("file")?.as_str().map(str::to_string))
        .collect()
}

/// Collects the project files under `roots`.
pub fn collect_project(roots: &[PathBuf], options: &WalkOptions) -> ProjectFacts {
    let mut skipped = Vec::new();
    let mut found = discover(roots, options, &mut skipped);
    for f in &options.compose_files {
        if !found.iter().any(|(p, _)| p == f) {
            found.push((f.clone(), FileKind::Source(SourceKind::Compose)));
        }
    }
    let sources: Vec<(PathBuf, SourceKind)> = found
        .iter()
        .filter_map(|(p, k)| match k {
            FileKind::Source(kind) => Some((p.clone(), *kind)),
            FileKind::Archive => None,
        })
        .collect();
    let read: Vec<(SourceFile, Option<SkippedFile>)> = sources
        .par_iter()
        .map(|(path, kind)| {
            let (content, not_text, recoded) =
                match read_source(path, *kind == SourceKind::Dockerfile) {
                    Ok(d) => (Probe::of(d.text), None, d.recoded),
                    Err(ReadError::Io(reason)) => (Probe::unavailable(reason), None, None),
                    Err(ReadError::NotText(reason)) => {
                        (Probe::unavailable(reason.clone()), Some(reason), None)
                    }
                };
            let dir = path.parent().unwrap_or(Path::new("."));
            let dockerignore = *kind == SourceKind::Dockerfile
                && (dir.join(".dockerignore").is_file()
                    || path.file_name().is_some_and(|n| {
                        dir.join(format!("{}.dockerignore", n.to_string_lossy()))
                            .is_file()
                    }));
            let file = SourceFile {
                path: display(path),
                kind: *kind,
                content,
                dockerignore,
                recoded,
            };
            let skip = not_text.map(|reason| SkippedFile {
                path: file.path.clone(),
                reason,
            });
            (file, skip)
        })
        .collect();
    // A file that is not text is passed over and noted; one that could not be read stays in the
    // facts (the audit is then incomplete) and is noted too.
    let mut files = Vec::with_capacity(read.len());
    let mut charts: std::collections::BTreeMap<String, usize> = Default::default();
    for (file, skip) in read {
        // YAML and JSON that is not Kubernetes (CI configs, package manifests) is no concern
        // of drydock's: it is passed over without a note.
        if file.kind == SourceKind::Kubernetes {
            match &file.content {
                Probe::Known { value } if helm_chart_of(&file.path, value).is_some() => {
                    // A Helm template is Go template text, not a manifest: what the cluster gets
                    // is its rendered output, which drydock reads from `helm template`.
                    if let Some(chart) = helm_chart_of(&file.path, value) {
                        *charts.entry(chart).or_default() += 1;
                    }
                    continue;
                }
                Probe::Known { value } if !looks_like_kubernetes(value) => continue,
                Probe::Known { .. } => {}
                // Whether it holds Kubernetes objects is not known: say it was not read.
                Probe::Unavailable { reason } => {
                    skipped.push(SkippedFile {
                        path: file.path.clone(),
                        reason: format!("{reason}; any Kubernetes objects in it were not checked"),
                    });
                    continue;
                }
            }
        }
        match skip {
            Some(s) => skipped.push(s),
            None => {
                if let Probe::Unavailable { reason } = &file.content {
                    skipped.push(SkippedFile {
                        path: file.path.clone(),
                        reason: reason.clone(),
                    });
                }
                files.push(file);
            }
        }
    }
    let notes: Vec<String> = charts
        .into_iter()
        .map(|(chart, templates)| {
            format!(
                "{chart} is a Helm chart: its {templates} template(s) are Go templates, not manifests; audit what it renders: helm template {chart} | drydock audit -"
            )
        })
        .collect();
    if let Some((kind, text)) = &options.stdin {
        files.push(SourceFile {
            path: "-".into(),
            kind: *kind,
            content: Probe::of(text.clone()),
            dockerignore: false,
            recoded: None,
        });
    }
    let compose_paths: Vec<PathBuf> = sources
        .iter()
        .filter(|(p, k)| *k == SourceKind::Compose && !options.compose_files.contains(p))
        .map(|(p, _)| p.clone())
        .collect();
    let mut groups = compose_groups(&compose_paths);
    if !options.compose_files.is_empty() {
        groups.push(options.compose_files.clone());
    }
    if matches!(options.stdin, Some((SourceKind::Compose, _))) {
        groups.push(vec![PathBuf::from("-")]);
    }
    let profiles: Vec<String> = std::env::var("COMPOSE_PROFILES")
        .map(|p| {
            p.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let by_path: std::collections::HashMap<&str, &SourceFile> =
        files.iter().map(|f| (f.path.as_str(), f)).collect();
    let compose_sets = groups
        .into_par_iter()
        .map(|group| {
            let texts: Vec<&str> = group
                .iter()
                .filter_map(|p| by_path.get(display(p).as_str()))
                .filter_map(|f| f.content.known().map(String::as_str))
                .collect();
            let dir = group[0].parent().unwrap_or(Path::new("."));
            let env_path = dir.join(".env");
            let mut problems = Vec::new();
            // An absent .env is the common case; one that exists but cannot be read leaves
            // variables unset that Compose would set.
            let dotenv = if env_path.symlink_metadata().is_ok() {
                match read_text(&env_path) {
                    Ok(t) => parse_env_file(&t),
                    Err(reason) => {
                        problems.push(format!(
                            "{} was not read ({reason}): the variables it sets are unknown",
                            display(&env_path)
                        ));
                        Default::default()
                    }
                }
            } else {
                Default::default()
            };
            let mut variables = BTreeMap::new();
            for name in texts.iter().flat_map(|t| referenced_variables(t)) {
                // The shell's environment wins over .env, as in docker compose.
                if let Some(value) = std::env::var(&name)
                    .ok()
                    .or_else(|| dotenv.get(&name).cloned())
                {
                    let value = if is_secret_name(&name) {
                        mask(&value)
                    } else {
                        value
                    };
                    variables.insert(name, value);
                }
            }
            let mut extends_files = Vec::new();
            for (p, text) in group.iter().zip(texts.iter()) {
                let base = p.parent().unwrap_or(Path::new("."));
                for written in extends_paths(text) {
                    let content = match read_text(&base.join(&written)) {
                        Ok(t) => Probe::of(t),
                        Err(reason) => Probe::unavailable(reason),
                    };
                    extends_files.push((written, content));
                }
            }
            ComposeSet {
                files: group.iter().map(|p| display(p)).collect(),
                variables,
                extends_files,
                profiles: profiles.clone(),
                problems,
            }
        })
        .collect();
    let archives = found
        .iter()
        .filter(|(_, k)| *k == FileKind::Archive)
        .map(|(p, _)| crate::archive::read_archive(p))
        .filter(|a| !a.images.is_empty() || !a.problems.is_empty())
        .collect();
    ProjectFacts {
        roots: roots.iter().map(|r| display(r)).collect(),
        files,
        compose_sets,
        archives,
        skipped,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let k = |n: &str| classify(Path::new(n));
        assert_eq!(
            k("Dockerfile"),
            Some(FileKind::Source(SourceKind::Dockerfile))
        );
        assert_eq!(
            k("Dockerfile.dev"),
            Some(FileKind::Source(SourceKind::Dockerfile))
        );
        assert_eq!(
            k("api.Dockerfile"),
            Some(FileKind::Source(SourceKind::Dockerfile))
        );
        assert_eq!(
            k("Containerfile"),
            Some(FileKind::Source(SourceKind::Dockerfile))
        );
        assert_eq!(k("Dockerfile.dockerignore"), None);
        assert_eq!(k("dockerfile.rs"), None);
        assert_eq!(k("Dockerfile.j2"), None);
        assert_eq!(k("Dockerfile.drydock-backup"), None);
        assert_eq!(k("compose.yaml.drydock-backup.2"), None);
        assert_eq!(
            k("compose.yaml"),
            Some(FileKind::Source(SourceKind::Compose))
        );
        assert_eq!(
            k("docker-compose.override.yml"),
            Some(FileKind::Source(SourceKind::Compose))
        );
        assert_eq!(
            k("values.yaml"),
            Some(FileKind::Source(SourceKind::Kubernetes))
        );
        assert!(looks_like_kubernetes("apiVersion: v1\nkind: Pod\n"));
        assert!(looks_like_kubernetes(
            "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": []}\n"
        ));
        assert!(!looks_like_kubernetes("name: ci\non: push\n"));
        // Flow style, one line or several.
        assert!(looks_like_kubernetes(
            "{apiVersion: v1, kind: Pod, metadata: {name: p}}\n"
        ));
        assert!(looks_like_kubernetes(
            "{\n  'apiVersion': v1,\n  kind: List, items: []}\n"
        ));
        assert!(!looks_like_kubernetes("{myapiVersion: 1, kindness: 2}\n"));
        assert_eq!(k("image.tar"), Some(FileKind::Archive));
    }

    #[test]
    fn groups_merge_overrides_and_pair_variants_with_the_base() {
        let p = |s: &str| PathBuf::from(s);
        let groups = compose_groups(&[
            p("a/docker-compose.yml"),
            p("a/docker-compose.override.yml"),
            p("a/docker-compose.prod.yml"),
            p("b/compose.yaml"),
        ]);
        assert_eq!(
            groups[0],
            vec![
                p("a/docker-compose.yml"),
                p("a/docker-compose.override.yml")
            ]
        );
        assert_eq!(
            groups[1],
            vec![p("a/docker-compose.yml"), p("a/docker-compose.prod.yml")]
        );
        assert_eq!(groups[2], vec![p("b/compose.yaml")]);
    }

    #[test]
    fn variables_referenced() {
        let v = referenced_variables("image: x:${TAG:-${DEFAULT}}\nport: $PORT\nlit: $$HOME\n");
        assert_eq!(
            v.into_iter().collect::<Vec<_>>(),
            ["DEFAULT", "PORT", "TAG"]
        );
    }
}

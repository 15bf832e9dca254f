//! `drydock fix`: shows the fixes as a unified diff and, with `--apply`, writes them without
//! ever losing a byte: each file is checked against the text audited, backed up, written to a
//! temporary file beside it with its mode and owner, renamed into place and read back.

use anyhow::{Context, Result, bail};
use drydock_collect::engine::ContainerUpdate;
use drydock_engine::fix::container::{ContainerAdvice, InPlace};
use drydock_engine::fix::{self, FileChange, FixOutcome, FixPlan};
use drydock_model::model::Status;
use drydock_model::report::ResultEntry;
use drydock_rules::fix::Applicability;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What `fix` prints of one file's change.
pub struct Preview {
    /// A unified diff with `a/` and `b/` paths like git's: a patch that `git apply` and
    /// `patch -p1` apply to give what `--apply` writes.
    pub diff: String,
    /// Hunks left out because a line in them shows a credential.
    pub hidden_hunks: usize,
}

/// The unified diff of one file's change, in the real text, so that it is a patch. A hunk
/// with a credential on any of its lines (changed or context, by the same detector that masks
/// every other output) is left out rather than masked: a masked line in a patch would write
/// the mask into the file. The caller says how many were left out.
pub fn unified_diff(change: &FileChange) -> Preview {
    let old_secret = lines_with_secrets(&change.before);
    let new_secret = lines_with_secrets(&change.after);
    let diff = similar::TextDiff::from_lines(&change.before, &change.after);
    let mut unified = diff.unified_diff();
    unified.context_radius(3);
    let path = change.path.trim_start_matches('/');
    let mut text = String::new();
    let mut hidden_hunks = 0;
    for hunk in unified.iter_hunks() {
        let shows_secret = hunk.iter_changes().any(|c| {
            c.old_index().is_some_and(|i| old_secret[i])
                || c.new_index().is_some_and(|i| new_secret[i])
        });
        if shows_secret {
            hidden_hunks += 1;
            continue;
        }
        if text.is_empty() {
            text.push_str(&format!("--- a/{path}\n+++ b/{path}\n"));
        }
        text.push_str(&hunk.to_string());
    }
    Preview {
        diff: text,
        hidden_hunks,
    }
}

/// For each line of `text`, whether the masker would change it.
fn lines_with_secrets(text: &str) -> Vec<bool> {
    let masked = drydock_model::secrets::redact_source(text);
    let mut masked_lines = masked.split_inclusive('\n');
    text.split_inclusive('\n')
        .map(|line| masked_lines.next() != Some(line))
        .collect()
}

/// Whether a fix's outcome belongs to a group of the summary.
type OutcomeTest = fn(&FixOutcome) -> bool;

/// The fixes, one line each, grouped by what became of them.
pub fn summary(plan: &FixPlan, applied_to_disk: bool) -> String {
    let mut out = String::new();
    let verb = if applied_to_disk {
        "applied"
    } else {
        "to apply"
    };
    let groups: [(&str, OutcomeTest); 4] = [
        (verb, |o| matches!(o, FixOutcome::Applied)),
        ("left out: unsafe, --unsafe applies them", |o| {
            matches!(o, FixOutcome::NeedsUnsafe)
        }),
        ("not offered: fix by hand (drydock explain RULE)", |o| {
            matches!(o, FixOutcome::NotOffered(_))
        }),
        ("rolled back: the edit did not hold", |o| {
            matches!(o, FixOutcome::RolledBack(_))
        }),
    ];
    for (title, wanted) in groups {
        let records: Vec<&fix::FixRecord> =
            plan.records.iter().filter(|r| wanted(&r.outcome)).collect();
        if records.is_empty() {
            continue;
        }
        out.push_str(&format!("Fixes {title} ({}):\n", records.len()));
        for r in records {
            let why = match &r.outcome {
                FixOutcome::NotOffered(why) | FixOutcome::RolledBack(why) => format!(" — {why}"),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  {}{} {} {} ({}, {}){why}\n",
                r.path,
                if r.line > 0 {
                    format!(":{}", r.line)
                } else {
                    String::new()
                },
                r.rule_id,
                r.what,
                r.object,
                r.applicability.name()
            ));
        }
    }
    if plan.records.is_empty() {
        out.push_str("No finding has a fix drydock can write.\n");
    }
    out
}

/// Where the backup of a file goes: beside it, or under `backup_dir` at its own path; a
/// numbered name when that one is taken, so no earlier backup is overwritten.
fn backup_path(file: &Path, backup_dir: Option<&Path>) -> Result<PathBuf> {
    let base = match backup_dir {
        None => {
            let mut name = file.file_name().unwrap_or_default().to_os_string();
            name.push(".drydock-backup");
            file.with_file_name(name)
        }
        Some(dir) => {
            let absolute = std::path::absolute(file)?;
            let relative = absolute.strip_prefix("/").unwrap_or(&absolute);
            dir.join(relative)
        }
    };
    if let Some(parent) = base.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create backup directory {}", parent.display()))?;
    }
    let mut candidate = base.clone();
    let mut n = 1;
    while candidate.symlink_metadata().is_ok() {
        let mut name = base.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{n}"));
        candidate = base.with_file_name(name);
        n += 1;
    }
    Ok(candidate)
}

/// What `--apply` did to one file.
pub struct Written {
    /// The file.
    pub path: String,
    /// Its backup, when it was written.
    pub backup: Option<PathBuf>,
    /// Why it was left alone, when it was.
    pub refused: Option<String>,
}

/// Where dockerd's configuration file is under the audited root (symbolic links followed
/// without leaving it) and its text; empty when it does not exist yet.
pub fn daemon_json(root: &Path, host_path: &str) -> Result<(PathBuf, String)> {
    let host = drydock_collect::root::HostRoot::new(root);
    match host.resolve(host_path) {
        Ok(resolved) => {
            let text = fs::read_to_string(&resolved.real)
                .with_context(|| format!("cannot read {}", resolved.real.display()))?;
            Ok((resolved.real, text))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let (dir, name) = host_path.rsplit_once('/').unwrap_or(("", host_path));
            let dir = host
                .resolve(if dir.is_empty() { "/" } else { dir })
                .with_context(|| format!("the directory of {host_path} does not exist"))?;
            Ok((dir.real.join(name), String::new()))
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {host_path}")),
    }
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A temporary file in the same directory as `path` (so a rename replaces it atomically),
/// holding `text`, synced, with `mode`; removed if dropped before it is persisted.
fn written_beside(path: &Path, text: &str, mode: u32) -> Result<tempfile::NamedTempFile> {
    let dir = parent_of(path);
    let mut temp = tempfile::Builder::new()
        .prefix(".drydock-fix-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    fs::set_permissions(temp.path(), fs::Permissions::from_mode(mode))?;
    Ok(temp)
}

/// Creates a file that did not exist, atomically, readable by all and writable by its owner
/// (as dockerd's packages install daemon.json).
fn create_new(change: &FileChange) -> Result<PathBuf> {
    let path = Path::new(&change.path);
    let temp = written_beside(path, &change.after, 0o644)?;
    temp.persist_noclobber(path)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {}", path.display(), e.error))?;
    Ok(PathBuf::from("(none: the file is new)"))
}

/// Writes one file's new text safely; the original stays untouched on any failure.
fn write_one(change: &FileChange, backup_dir: Option<&Path>, force: bool) -> Result<PathBuf> {
    let path = Path::new(&change.path);
    if change.before.is_empty() && fs::symlink_metadata(path).is_err() {
        return create_new(change);
    }
    let meta =
        fs::symlink_metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.file_type().is_symlink() {
        bail!("it is a symbolic link; fix the file it points to");
    }
    if !meta.is_file() {
        bail!("it is not a regular file");
    }
    if !force && meta.mode() & 0o222 == 0 {
        bail!(
            "it is read-only (mode {:04o}): someone made it unwritable on purpose; --force writes it anyway",
            meta.mode() & 0o7777
        );
    }
    if !force && meta.nlink() > 1 {
        bail!(
            "it has {} hard links: the fixed file would be a new one, and the other names would keep the old text; --force writes it anyway",
            meta.nlink()
        );
    }
    let current = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if current != change.before.as_bytes() {
        bail!("it changed since it was audited; audit it again");
    }
    let backup = backup_path(path, backup_dir)?;
    fs::write(&backup, &current)
        .with_context(|| format!("cannot write the backup {}", backup.display()))?;
    // From here on a refusal takes its backup away with it: no backup of a file left as it was.
    replace_with(path, change, &meta, &backup).inspect_err(|_| {
        let _ = fs::remove_file(&backup);
    })?;
    // The file is replaced now: whatever the read-back says, the backup holds the original.
    let written = fs::read(path)?;
    if written != change.after.as_bytes() {
        bail!(
            "the file read back differs from what was written (the original is in {})",
            backup.display()
        );
    }
    Ok(backup)
}

/// Replaces the file with the fixed text (mode and owner kept), once it is known to still hold
/// what was audited.
fn replace_with(
    path: &Path,
    change: &FileChange,
    meta: &fs::Metadata,
    backup: &Path,
) -> Result<()> {
    fs::set_permissions(backup, fs::Permissions::from_mode(meta.mode() & 0o7777))?;
    let temp = written_beside(path, &change.after, meta.mode() & 0o7777)?;
    // Keep the owner: a file fixed by root must not end up root's.
    std::os::unix::fs::chown(temp.path(), Some(meta.uid()), Some(meta.gid()))
        .context("cannot give the new file the original's owner")?;
    // The file must still hold what was audited right before it is replaced.
    if fs::read(path)? != change.before.as_bytes() {
        bail!("it changed while drydock was fixing it");
    }
    temp.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot replace {}: {}", path.display(), e.error))?;
    if let Ok(d) = fs::File::open(parent_of(path)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Applies every change; each file independently, so one refusal leaves the others fixed.
pub fn apply(plan: &FixPlan, backup_dir: Option<&Path>, force: bool) -> Vec<Written> {
    plan.changes
        .iter()
        .map(|change| match write_one(change, backup_dir, force) {
            Ok(backup) => Written {
                path: change.path.clone(),
                backup: Some(backup),
                refused: None,
            },
            Err(e) => Written {
                path: change.path.clone(),
                backup: None,
                refused: Some(format!("{e:#}")),
            },
        })
        .collect()
}

/// The advice for running containers, grouped by container.
pub fn container_advice(advice: &[ContainerAdvice]) -> String {
    if advice.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\nRunning containers (docker update changes the settings marked \"in place\"; the others need the container re-created):\n",
    );
    let mut names: Vec<&str> = advice.iter().map(|a| a.name.as_str()).collect();
    names.dedup();
    names.sort_unstable();
    names.dedup();
    for name in names {
        out.push_str(&format!("  {name}\n"));
        for a in advice.iter().filter(|a| a.name == name) {
            out.push_str(&format!(
                "    {} {}: run with {} | compose {}{}\n",
                a.rule_id,
                a.message,
                a.run_flag,
                a.compose_key,
                if a.in_place.is_some() {
                    " | in place"
                } else {
                    ""
                }
            ));
        }
    }
    out.push_str(
        "  To change them in place: drydock fix --apply --unsafe --container NAME [--memory SIZE] [--pids-limit N] [--cpu-shares N]\n",
    );
    out
}

/// Values given on the command line for in-place updates.
pub struct UpdateValues {
    /// `--memory`, in bytes.
    pub memory: Option<i64>,
    /// `--pids-limit`.
    pub pids_limit: Option<i64>,
    /// `--cpu-shares`.
    pub cpu_shares: Option<i64>,
}

/// The update for each named container: (name as given, update, settings left out and why).
pub fn container_updates(
    advice: &[ContainerAdvice],
    named: &[String],
    values: &UpdateValues,
) -> Result<Vec<(String, ContainerUpdate, Vec<String>)>> {
    let mut out = Vec::new();
    for wanted in named {
        let mine: Vec<&ContainerAdvice> = advice
            .iter()
            .filter(|a| &a.name == wanted || (wanted.len() >= 12 && a.id.starts_with(wanted)))
            .collect();
        if mine.is_empty() {
            bail!(
                "--container {wanted}: no failing runtime control on a container of that name or id"
            );
        }
        let mut update = ContainerUpdate::default();
        let mut skipped = Vec::new();
        for a in &mine {
            match a.in_place {
                Some(InPlace::Memory) => match values.memory {
                    Some(m) => update.memory = Some(m),
                    None => skipped.push("no memory limit set: give --memory SIZE".to_string()),
                },
                Some(InPlace::PidsLimit) => match values.pids_limit {
                    Some(n) if n > 0 => update.pids_limit = Some(n),
                    _ => skipped.push("no PIDs limit set: give --pids-limit N".to_string()),
                },
                Some(InPlace::CpuShares) => match values.cpu_shares {
                    Some(n) if n > 1 => update.cpu_shares = Some(n),
                    _ => skipped.push("no CPU shares set: give --cpu-shares N".to_string()),
                },
                Some(InPlace::RestartOnFailure) => update.restart_on_failure = Some(5),
                None => skipped.push(format!(
                    "{} cannot change in place: re-create it {}",
                    a.rule_id, a.run_flag
                )),
            }
        }
        out.push((wanted.clone(), update, skipped));
    }
    Ok(out)
}

/// After the updates: for each setting updated, whether its control passes now.
pub fn update_results(
    advice: &[ContainerAdvice],
    updates: &[(String, ContainerUpdate, Vec<String>)],
    after: &[ResultEntry],
) -> Vec<String> {
    let mut lines = Vec::new();
    for (wanted, update, _) in updates {
        for a in advice
            .iter()
            .filter(|a| &a.name == wanted || a.id.starts_with(wanted.as_str()))
        {
            let applied = match a.in_place {
                Some(InPlace::Memory) => update.memory.is_some(),
                Some(InPlace::PidsLimit) => update.pids_limit.is_some(),
                Some(InPlace::CpuShares) => update.cpu_shares.is_some(),
                Some(InPlace::RestartOnFailure) => update.restart_on_failure.is_some(),
                None => false,
            };
            if !applied {
                continue;
            }
            let now = after
                .iter()
                .find(|r| r.rule.rule_id == a.rule_id && r.object.id == a.id)
                .map(|r| r.status);
            lines.push(format!(
                "  {} on {}: {}",
                a.rule_id,
                a.name,
                match now {
                    Some(Status::Pass) => "passes now".to_string(),
                    Some(s) => format!("still {} after the update", s.tag().to_lowercase()),
                    None => "not judged after the update (the container is gone?)".to_string(),
                }
            ));
        }
    }
    lines
}

/// Whether any fix needs `--unsafe`.
pub fn any_unsafe_left(plan: &FixPlan) -> bool {
    plan.records
        .iter()
        .any(|r| r.applicability == Applicability::Unsafe && r.outcome == FixOutcome::NeedsUnsafe)
}

/// Writes the host script to a new file (mode 0700: it is for root to read and run), or to
/// standard output for `-`. An existing file is never replaced: it may be an earlier script
/// someone edited.
pub fn write_script(target: &Path, script: Option<&str>, host_audited: bool) -> Result<()> {
    let Some(script) = script else {
        let why = if host_audited {
            "no host control the script covers failed"
        } else {
            "the host was not audited (--no-host)"
        };
        writeln!(anstream::stderr(), "drydock: no script written: {why}")?;
        return Ok(());
    };
    if target.as_os_str() == "-" {
        write!(anstream::stdout(), "{script}")?;
        return Ok(());
    }
    if fs::symlink_metadata(target).is_ok() {
        bail!(
            "{} exists: drydock does not replace it; remove it or name another file",
            target.display()
        );
    }
    let temp = written_beside(target, script, 0o700)?;
    temp.persist_noclobber(target)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {}", target.display(), e.error))?;
    let commands = script
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .count();
    writeln!(
        anstream::stdout(),
        "wrote {} ({commands} lines of commands): read it, then run it as root; drydock audit shows what it changed",
        target.display()
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &Path, before: &str, after: &str) -> FileChange {
        FileChange {
            path: path.display().to_string(),
            before: before.into(),
            after: after.into(),
        }
    }

    #[test]
    fn a_file_changed_since_the_audit_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Dockerfile");
        fs::write(&file, "FROM a\nRUN edited by hand\n").unwrap();
        let err = write_one(&change(&file, "FROM a\n", "FROM b\n"), None, false).unwrap_err();
        assert!(format!("{err:#}").contains("changed since it was audited"));
        assert_eq!(
            fs::read_to_string(&file).unwrap(),
            "FROM a\nRUN edited by hand\n"
        );
        // Nothing else was left in the directory: no backup, no temporary file.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_symbolic_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::write(&real, "FROM a\n").unwrap();
        let link = dir.path().join("Dockerfile");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err = write_one(&change(&link, "FROM a\n", "FROM b\n"), None, false).unwrap_err();
        assert!(format!("{err:#}").contains("symbolic link"));
        assert_eq!(fs::read_to_string(&real).unwrap(), "FROM a\n");
    }

    #[test]
    fn owner_and_mode_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("compose.yaml");
        fs::write(&file, "a: 1\n").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o604)).unwrap();
        let me = fs::metadata(&file).unwrap();
        // As root the file is given to another owner first, as a fixed file of a user's
        // checkout would be; otherwise it stays ours.
        if me.uid() == 0 {
            std::os::unix::fs::chown(&file, Some(4321), Some(4321)).unwrap();
        }
        let before = fs::metadata(&file).unwrap();
        let backup = write_one(&change(&file, "a: 1\n", "a: 2\n"), None, false).unwrap();
        let after = fs::metadata(&file).unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "a: 2\n");
        assert_eq!(after.mode() & 0o7777, 0o604);
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        assert_eq!(fs::read_to_string(backup).unwrap(), "a: 1\n");
    }
}

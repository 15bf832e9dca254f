//! The host hardening script of `drydock fix --script`: shell commands for the host controls a
//! file edit cannot reach — ownership and modes of Docker's files (CIS section 3), auditd
//! watches (section 1), the new `daemon.json` with the restart it needs, and content trust —
//! each under a comment naming its control and what it changes for the people on the host.
//!
//! drydock writes the script and never runs it. Every command is idempotent, so running the
//! script twice is harmless, and every path is quoted for the shell whatever its bytes.
//! All paths are prefixed with `$DRYDOCK_ROOT` (empty by default): the script can harden a
//! host's files mounted elsewhere, and its tests run it under a temporary root.

use super::{FileChange, FixRecord};
use drydock_model::model::Status;
use drydock_model::report::ResultEntry;
use std::fmt::Write;

/// What the script is made from.
pub struct ScriptInput<'a> {
    /// The audit's results.
    pub results: &'a [ResultEntry],
    /// The `daemon.json` change and the records of its fixes, when there is one.
    pub daemon_json: Option<(&'a FileChange, &'a [FixRecord])>,
    /// The host path of `daemon.json` (`/etc/docker/daemon.json`).
    pub daemon_json_path: &'a str,
    /// drydock's version, for the header.
    pub tool_version: &'a str,
}

/// A word quoted for a POSIX shell: single quotes, each `'` written as `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Text for a comment line: a control character (a newline in a file name) would end the
/// comment and start a command, so each becomes `?`.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// A host path under `$DRYDOCK_ROOT`, quoted.
fn rooted(path: &str) -> String {
    format!("\"${{DRYDOCK_ROOT:-}}\"{}", shell_quote(path))
}

fn evidence<'a>(r: &'a ResultEntry, field: &str) -> Option<&'a drydock_model::model::Evidence> {
    r.evidence.iter().find(|e| e.field == field)
}

fn heading(r: &ResultEntry) -> String {
    format!(
        "# CIS {} ({}): {}\n",
        if r.rule.control.is_empty() {
            r.rule.cis.first().map_or("-", |c| c.id.as_ref())
        } else {
            r.rule.control.as_ref()
        },
        r.rule.rule_id,
        r.rule.title
    )
}

/// `chown` for a file owned by the wrong user or group: the numeric ids the audit expected
/// (`root:docker (0:998)` → `0:998`), so the script means the host's own docker group.
fn ownership(r: &ResultEntry) -> Option<String> {
    let expected = evidence(r, "owner")?.expected.as_deref()?;
    let ids = expected
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .filter(|ids| {
            ids.split(':').count() == 2 && ids.split(':').all(|n| n.parse::<u32>().is_ok())
        })
        .map_or_else(|| expected.trim().to_string(), str::to_string);
    let mut out = heading(r);
    let _ = writeln!(
        out,
        "# {} is owned by {}; it should be {}. Who can rewrite it changes nothing else.",
        comment(&r.object.name),
        comment(evidence(r, "owner").map_or("?", |e| e.actual.as_str())),
        comment(expected)
    );
    if r.rule.rule_id == "DH053" {
        out.push_str(
            "# systemd recreates the socket at each start: set SocketUser/SocketGroup in docker.socket to keep it.\n",
        );
    }
    let _ = writeln!(out, "chown {ids} {}", rooted(&r.object.name));
    Some(out)
}

/// `chmod` that only takes bits away: the mode found, without the bits the control does not
/// allow (a mode is never made more open than it was).
fn mode(r: &ResultEntry) -> Option<String> {
    let found = evidence(r, "mode")?;
    let actual = u32::from_str_radix(found.actual.trim(), 8).ok()?;
    let allowed = found
        .expected
        .as_deref()?
        .split_whitespace()
        .next()
        .and_then(|m| u32::from_str_radix(m, 8).ok())?;
    let new = actual & allowed & 0o7777;
    let mut out = heading(r);
    let _ = writeln!(
        out,
        "# {} has mode {:04o}; at most {allowed:04o} is allowed. Users who relied on the removed bits lose that access.",
        comment(&r.object.name),
        actual & 0o7777,
    );
    if r.rule.rule_id == "DH054" {
        out.push_str(
            "# systemd recreates the socket at each start: set SocketMode in docker.socket to keep it.\n",
        );
    }
    let _ = writeln!(out, "chmod {new:04o} {}", rooted(&r.object.name));
    Some(out)
}

/// An auditd watch on a file: the rule line when none is written, a load when the rule is
/// written but not loaded.
fn audit_watch(r: &ResultEntry, rules_file: &str) -> Option<String> {
    if !r.rule.rule_name.ends_with("-not-audited") {
        return None;
    }
    let mut out = heading(r);
    if r.object
        .name
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        // An audit rule line cannot hold such a path; a person must write this one.
        let _ = writeln!(
            out,
            "# {} cannot be written in an audit rule line: add its watch by hand.",
            comment(&r.object.name)
        );
        return Some(out);
    }
    let written_not_loaded = evidence(r, "loaded rules").is_some();
    if written_not_loaded {
        let _ = writeln!(
            out,
            "# A watch on {} is written but not loaded; the load below loads it.",
            comment(&r.object.name)
        );
    } else {
        let line = format!("-w {} -p wa -k docker", r.object.name);
        let _ = writeln!(
            out,
            "# Records every write and attribute change of {} in the audit log (a few records per change).",
            comment(&r.object.name)
        );
        let _ = writeln!(
            out,
            "grep -qxF -e {line_q} {file} 2>/dev/null || printf '%s\\n' {line_q} >> {file}",
            line_q = shell_quote(&line),
            file = rules_file
        );
    }
    Some(out)
}

/// Turns content trust on for login sessions through `/etc/environment`, where the audit
/// looks for it.
fn content_trust(r: &ResultEntry) -> String {
    let file = rooted("/etc/environment");
    let mut out = heading(r);
    out.push_str(
        "# docker pull, run and build refuse unsigned images in new login sessions; images without\n\
         # signatures (most private ones) must be signed or pulled with --disable-content-trust.\n",
    );
    let _ = writeln!(
        out,
        "if grep -q '^DOCKER_CONTENT_TRUST=' {file} 2>/dev/null; then\n  sed -i 's/^DOCKER_CONTENT_TRUST=.*/DOCKER_CONTENT_TRUST=1/' {file}\nelse\n  printf 'DOCKER_CONTENT_TRUST=1\\n' >> {file}\nfi"
    );
    out
}

/// A here-document delimiter that does not occur as a line of the text.
fn delimiter(text: &str) -> String {
    let mut d = "DRYDOCK_DAEMON_JSON".to_string();
    while text.lines().any(|l| l == d) {
        d.push('_');
    }
    d
}

/// A here-document that writes `text` byte for byte to `file` (a shell word).
fn here_document(file: &str, text: &str) -> String {
    if text.is_empty() {
        return format!(": > {file}\n");
    }
    let d = delimiter(text);
    let mut out = format!("cat > {file} <<'{d}'\n{text}");
    if text.ends_with('\n') {
        out.push_str(&format!("{d}\n"));
    } else {
        // The here-document adds the newline the text lacks; `truncate` takes it off again.
        out.push_str(&format!("\n{d}\ntruncate -s -1 {file}\n"));
    }
    out
}

fn daemon_json(change: &FileChange, records: &[FixRecord], path: &str) -> String {
    let mut out = String::from("# daemon.json\n");
    for r in records
        .iter()
        .filter(|r| matches!(r.outcome, super::FixOutcome::Applied))
    {
        let _ = writeln!(out, "# {}: {}", r.rule_id, comment(&r.what));
    }
    out.push_str(
        "# dockerd reads daemon.json at start: the restart below stops every running container\n\
         # (live-restore spares them only once a dockerd that had it loaded is restarted).\n\
         # The file is replaced only if it is still the one drydock audited.\n",
    );
    let _ = writeln!(out, "target={}", rooted(path));
    out.push_str("work=$(mktemp -d)\ntrap 'rm -rf \"$work\"' EXIT\n");
    out.push_str(&here_document("\"$work/audited\"", &change.before));
    out.push_str(&here_document("\"$work/new\"", &change.after));
    out.push_str(
        r#"if [ -e "$target" ] && cmp -s "$target" "$work/new"; then
  echo "daemon.json is already hardened"
elif { [ ! -e "$target" ] && [ ! -s "$work/audited" ]; } || { [ -e "$target" ] && cmp -s "$target" "$work/audited"; }; then
  if dockerd --help 2>/dev/null | grep -q -e '--validate'; then
    dockerd --validate --config-file "$work/new"
  fi
  if [ -e "$target" ]; then
    backup=$(mktemp "$target.drydock-backup.XXXXXX")
    cp -p "$target" "$backup"
    cp -p "$target" "$target.drydock-new"
    echo "daemon.json backed up to $backup"
  else
    install -m 0644 /dev/null "$target.drydock-new"
  fi
  cat "$work/new" > "$target.drydock-new"
  mv "$target.drydock-new" "$target"
  if [ -n "${DRYDOCK_ROOT:-}" ]; then
    skip "daemon.json written; dockerd not restarted (DRYDOCK_ROOT is set)"
  elif ! command -v systemctl >/dev/null 2>&1; then
    skip "daemon.json written; dockerd not restarted: systemctl not found (restart dockerd yourself)"
  else
    systemctl restart docker
  fi
else
  echo "daemon.json changed since drydock audited it: audit again" >&2
  exit 1
fi
"#,
    );
    out
}

/// The script, or `None` when no host control it covers failed.
pub fn host_script(input: &ScriptInput) -> Option<String> {
    let rules_file = "\"$rules_file\"".to_string();
    let mut files = Vec::new();
    let mut audits = Vec::new();
    let mut trust = None;
    for r in input
        .results
        .iter()
        .filter(|r| r.status == Status::Fail && r.suppressed.is_none())
        .filter(|r| {
            r.object.kind == drydock_model::model::Target::File || r.rule.rule_id == "DH067"
        })
    {
        if r.rule.rule_id == "DH067" {
            trust = Some(content_trust(r));
        } else if let Some(text) = ownership(r).or_else(|| mode(r)) {
            files.push(text);
        } else if let Some(text) = audit_watch(r, &rules_file) {
            audits.push(text);
        }
    }
    let daemon = input
        .daemon_json
        .filter(|(change, _)| change.before != change.after)
        .map(|(change, records)| daemon_json(change, records, input.daemon_json_path));
    if files.is_empty() && audits.is_empty() && trust.is_none() && daemon.is_none() {
        return None;
    }
    let mut out = format!(
        "#!/bin/sh\n# Host hardening written by drydock {} from its audit of this host.\n\
         # drydock never runs it: read every command, then run it as root (sh host.sh).\n\
         # Each command can run twice without harm. Set DRYDOCK_ROOT to apply it to a host's\n\
         # files mounted elsewhere (no service is restarted then).\n\
         # Each section runs on its own: one that fails or lacks a tool is reported and the\n\
         # others still run; the last lines say what was done and what was not.\n\
         # Audit again afterwards (drydock audit) to see the controls pass.\nset -u\n",
        input.tool_version
    );
    out.push_str(SECTION_RUNNER);
    let mut sections: Vec<(&str, &str)> = Vec::new();
    if !files.is_empty() {
        out.push_str(
            "\n## Ownership and modes of Docker's files (CIS section 3)\n\nsection_files() {\n",
        );
        for f in &files {
            out.push('\n');
            out.push_str(f);
        }
        out.push_str("}\n");
        sections.push(("ownership and modes of Docker's files", "section_files"));
    }
    if !audits.is_empty() {
        out.push_str("\n## Audit rules (CIS section 1)\n\nsection_audit() {\n");
        let _ = writeln!(
            out,
            "rules_file={}\nmkdir -p \"$(dirname \"$rules_file\")\"",
            rooted("/etc/audit/rules.d/drydock-docker.rules")
        );
        for a in &audits {
            out.push('\n');
            out.push_str(a);
        }
        out.push_str(
            "\n# Load the rules files into the kernel now (auditd must be installed).\n\
             if ! command -v augenrules >/dev/null 2>&1; then\n  \
               skip \"audit rules written to $rules_file; not loaded: augenrules not found (install auditd)\"\n\
             elif [ -n \"${DRYDOCK_ROOT:-}\" ]; then\n  \
               skip \"audit rules written to $rules_file; not loaded (DRYDOCK_ROOT is set)\"\n\
             else\n  augenrules --load\nfi\n}\n",
        );
        sections.push(("audit rules", "section_audit"));
    }
    if let Some(t) = trust {
        out.push_str("\n## Content trust\n\nsection_trust() {\n");
        out.push_str(&t);
        out.push_str("}\n");
        sections.push(("content trust", "section_trust"));
    }
    if let Some(d) = daemon {
        out.push_str("\n## Docker daemon configuration (CIS section 2)\n\nsection_daemon() {\n");
        out.push_str(&d);
        out.push_str("}\n");
        sections.push(("daemon.json", "section_daemon"));
    }
    out.push_str("\n## Run each section, then say what became of it\n\n");
    for (name, function) in sections {
        let _ = writeln!(out, "run_section {} {function}", shell_quote(name));
    }
    out.push_str(SECTION_SUMMARY);
    Some(out)
}

/// Runs each section in a subshell that stops at its first failing command, and keeps count:
/// a section that fails does not stop the others, and one that lacks a tool says which.
const SECTION_RUNNER: &str = r#"
done_sections=''
skipped_sections=''
failed_sections=''
# A section calls `skip REASON` for what it leaves undone (a tool that is not installed).
skip() {
  printf 'skipped: %s
' "$1" >&2
  exit 99
}
run_section() {
  printf '== %s
' "$1"
  ( set -e; "$2" )
  status=$?
  case $status in
    0) done_sections="$done_sections
  $1" ;;
    99) skipped_sections="$skipped_sections
  $1" ;;
    *) printf 'failed (exit %s): %s
' "$status" "$1" >&2
       failed_sections="$failed_sections
  $1" ;;
  esac
}
"#;

/// The closing report of the script; it exits 1 when a section failed.
const SECTION_SUMMARY: &str = r#"
printf '
Done:%s
' "${done_sections:-
  nothing}"
[ -z "$skipped_sections" ] || printf 'Done in part or skipped (see the reasons above):%s
' "$skipped_sections"
[ -z "$failed_sections" ] || printf 'Failed (see the errors above):%s
' "$failed_sections"
[ -z "$failed_sections" ]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_any_path() {
        assert_eq!(comment("a\nreboot"), "a?reboot");
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
        assert_eq!(shell_quote("$(reboot)"), "'$(reboot)'");
        assert_eq!(
            delimiter("x\nDRYDOCK_DAEMON_JSON\n"),
            "DRYDOCK_DAEMON_JSON_"
        );
    }
}

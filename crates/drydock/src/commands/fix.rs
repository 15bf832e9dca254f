//! `drydock fix`: the fixes as a diff; with `--apply`, written, and with `--verify`, audited
//! again.

mod files;

use crate::commands::{EvalArgs, StderrProgress};
use crate::output::write_output;
use anyhow::{Context as _, Result, bail};
use clap::Args;
use drydock_engine::Settings;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub eval: EvalArgs,
    /// Write the fixes (each file checked against the audited text, backed up, replaced
    /// atomically with its mode and owner).
    #[arg(long)]
    pub apply: bool,
    /// Include fixes that may change behaviour (each says how).
    #[arg(long = "unsafe")]
    pub unsafe_too: bool,
    /// Put backups under this directory (at each file's own path) instead of beside the file.
    #[arg(long, value_name = "DIR", requires = "apply")]
    pub backup_dir: Option<PathBuf>,
    /// Also write read-only files and files with several hard links (replacing one gives it a
    /// new inode: the other names keep the old text).
    #[arg(long, requires = "apply")]
    pub force: bool,
    /// After --apply, audit again and print what changed (exit 1 when something got worse).
    #[arg(long, requires = "apply")]
    pub verify: bool,
    /// A running container (name or id) to harden in place with `docker update` (with
    /// --apply --unsafe); repeatable. Containers not named are only advised.
    #[arg(long = "container", value_name = "NAME")]
    pub containers: Vec<String>,
    /// Memory limit to give the named containers (`512m`, `1g`).
    #[arg(long, value_name = "SIZE")]
    pub memory: Option<String>,
    /// PIDs limit to give the named containers.
    #[arg(long, value_name = "N")]
    pub pids_limit: Option<i64>,
    /// CPU shares to give the named containers (1024 is the default weight).
    #[arg(long, value_name = "N")]
    pub cpu_shares: Option<i64>,
    /// Write the host's hardening commands (ownership and modes, audit rules, daemon.json and
    /// its restart, content trust) to this new file (`-`: standard output); drydock never
    /// runs it.
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
}

pub fn fix(args: FixArgs) -> Result<u8> {
    let eval = &args.eval;
    if eval.facts.is_some() || !eval.evidence.is_empty() {
        bail!("drydock fix works on files it reads itself: --facts and --evidence do not apply");
    }
    let options = eval.options();
    let settings = drydock_engine::settings(&options)?;
    let may_update = args.apply && args.unsafe_too;
    if !args.containers.is_empty() && !may_update {
        bail!(
            "changing a running container may change what it does: --container needs --apply --unsafe"
        );
    }
    let memory = match &args.memory {
        Some(m) => Some(
            drydock_engine::fix::container::parse_size(m)
                .with_context(|| format!("--memory `{m}` is not a size such as 512m or 1g"))?,
        ),
        None => None,
    };
    let facts = drydock_engine::collect(&options.source, &options.project, &eval.progress())?;
    let host_results = facts.host_audited && facts.engine.known().is_some();
    // Waived findings are accepted: the script and the advice leave them alone.
    let before = (args.verify || host_results || args.script.is_some())
        .then(|| drydock_engine::evaluate(&facts, &settings));
    let advice = before
        .as_ref()
        .map(|r| drydock_engine::fix::container::advice(&r.results))
        .unwrap_or_default();
    let Settings {
        benchmark,
        rules,
        options: rule_options,
        config,
        ..
    } = &settings;
    let mut plan = drydock_engine::fix::plan_with(
        &facts,
        rules,
        rule_options,
        *benchmark,
        args.unsafe_too,
        config.as_ref(),
    );
    let mut daemon_json = None;
    let mut script_daemon: Option<drydock_engine::fix::FixPlan> = None;
    if facts.host_audited {
        use drydock_model::facts::ConfigContent;
        let config = &facts.host.daemon_config;
        if matches!(
            config.content,
            ConfigContent::Parsed { .. } | ConfigContent::Absent
        ) {
            let (real, text) = files::daemon_json(&options.source.root, &config.path)?;
            let path = real.display().to_string();
            let daemon = drydock_engine::fix::plan_daemon(
                &facts,
                rules,
                rule_options,
                *benchmark,
                args.unsafe_too,
                &path,
                &text,
            );
            if !daemon.changes.is_empty() {
                daemon_json = Some(path.clone());
            }
            if args.script.is_some() {
                // The script carries every daemon.json fix, its impact written beside it: a
                // person reads it before anything runs.
                script_daemon = Some(if args.unsafe_too {
                    daemon.clone()
                } else {
                    drydock_engine::fix::plan_daemon(
                        &facts,
                        rules,
                        rule_options,
                        *benchmark,
                        true,
                        &path,
                        &text,
                    )
                });
            }
            plan.records.extend(daemon.records);
            plan.changes.extend(daemon.changes);
        }
    }
    let mut out = String::new();
    let mut hidden = Vec::new();
    for change in &plan.changes {
        let preview = files::unified_diff(change);
        out.push_str(&preview.diff);
        if preview.hidden_hunks > 0 {
            hidden.push((change.path.as_str(), preview.hidden_hunks));
        }
    }
    if !plan.changes.is_empty() {
        out.push('\n');
    }
    for (path, count) in hidden {
        let hunks = if count == 1 { "hunk" } else { "hunks" };
        out.push_str(&format!(
            "{path}: {count} {hunks} not shown: a line in it holds a credential; --apply writes it\n"
        ));
    }
    out.push_str(&files::summary(&plan, args.apply));
    if files::any_unsafe_left(&plan) {
        out.push_str("Some fixes may change behaviour: read them, then run again with --unsafe.\n");
    }
    out.push_str(&files::container_advice(&advice));
    write_output(None, &out)?;
    if let (Some(target), Some(before)) = (&args.script, &before) {
        let daemon = script_daemon
            .as_ref()
            .and_then(|p| p.changes.first().map(|c| (c, p.records.as_slice())));
        let script =
            drydock_engine::fix::script::host_script(&drydock_engine::fix::script::ScriptInput {
                results: &before.results,
                daemon_json: daemon,
                daemon_json_path: &facts.host.daemon_config.path,
                tool_version: drydock_engine::TOOL_VERSION,
            });
        files::write_script(target, script.as_deref(), facts.host_audited)?;
    }
    if !args.apply {
        if !plan.changes.is_empty() {
            write_output(None, "Nothing was written: --apply writes these changes.\n")?;
        }
        return Ok(0);
    }
    let written = files::apply(&plan, args.backup_dir.as_deref(), args.force);
    let mut code = 0;
    let mut stderr = anstream::stderr();
    for w in &written {
        match (&w.backup, &w.refused) {
            (Some(backup), None) => writeln!(
                anstream::stdout(),
                "wrote {} (backup {})",
                w.path,
                backup.display()
            )?,
            (_, Some(why)) => {
                code = 1;
                writeln!(stderr, "drydock: {} left unchanged: {why}", w.path)?;
            }
            _ => {}
        }
    }
    let values = files::UpdateValues {
        memory,
        pids_limit: args.pids_limit,
        cpu_shares: args.cpu_shares,
    };
    let mut updates = files::container_updates(&advice, &args.containers, &values)?;
    let mut failed = Vec::new();
    for (container, update, skipped) in &updates {
        for s in skipped {
            writeln!(stderr, "drydock: {container}: {s}")?;
        }
        if *update == Default::default() {
            continue;
        }
        match drydock_collect::engine::update_container(
            options.source.docker_host.as_deref(),
            options.source.timeout,
            container,
            update,
        ) {
            Ok(()) => writeln!(anstream::stdout(), "updated container {container} in place")?,
            Err(e) => {
                code = 1;
                failed.push(container.clone());
                writeln!(stderr, "drydock: {container} left unchanged: {e}")?;
            }
        }
    }
    updates.retain(|(c, update, _)| !failed.contains(c) && *update != Default::default());
    // One audit after the changes serves both the update check and --verify.
    let after = if !updates.is_empty() || args.verify {
        let facts = drydock_engine::collect(
            &options.source,
            &options.project,
            &StderrProgress::new(true),
        )?;
        Some(drydock_rules::evaluate::evaluate(
            &facts,
            rules,
            rule_options,
            *benchmark,
            drydock_engine::TOOL_VERSION,
        ))
    } else {
        None
    };
    if let Some(after) = after.as_ref().filter(|_| !updates.is_empty()) {
        for line in files::update_results(&advice, &updates, &after.results) {
            writeln!(anstream::stdout(), "{line}")?;
        }
    }
    if let Some(path) = &daemon_json
        && written
            .iter()
            .any(|w| &w.path == path && w.refused.is_none())
    {
        writeln!(
            anstream::stdout(),
            "dockerd reads {path} when it starts: restart it (systemctl restart docker) for the change to take effect; containers stop with it unless live-restore is on."
        )?;
    }
    if let (Some(before), Some(after), true) = (before, after, args.verify) {
        let model = drydock_engine::load_threat_model(&options)?;
        let (mut before, mut after) = (before, after);
        drydock_engine::assess(&mut before, &model);
        drydock_engine::assess(&mut after, &model);
        let changes = drydock_model::diff::diff(&before, &after);
        write_output(
            None,
            &format!(
                "\nVerification (a new audit against the one before the fixes):\n{}",
                drydock_render::diff::text(&changes, false)
            ),
        )?;
        if changes.has_regressions() {
            code = 1;
        }
    }
    Ok(code)
}

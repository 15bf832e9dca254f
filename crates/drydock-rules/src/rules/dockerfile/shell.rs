//! Shared reading of Dockerfiles for the rules: the shell commands a `RUN` executes, findings
//! placed on an instruction, the final stage.

use crate::project::ParsedDockerfile;
use drydock_model::model::{Evidence, ObjectRef, Outcome, Target};
use drydock_parse::dockerfile::{Args, Dockerfile, Instruction, Stage, shell_words};

/// The object a Dockerfile finding is about.
pub fn object(d: &ParsedDockerfile) -> ObjectRef {
    ObjectRef {
        kind: Target::Dockerfile,
        id: d.path.clone(),
        name: d.path.clone(),
    }
}

/// A failing outcome placed on an instruction.
pub fn finding(d: &ParsedDockerfile, ins: &Instruction, message: impl Into<String>) -> Outcome {
    Outcome::fail(object(d), message).at(&d.path, ins.line, ins.column)
}

/// A finding on every `keyword` instruction (CMD, ENTRYPOINT) that a later one in the same stage
/// overrides: only the last one of a stage takes effect.
pub fn overridden_instructions(
    d: &ParsedDockerfile,
    file: &Dockerfile,
    keyword: &str,
) -> Vec<Outcome> {
    let mut out = Vec::new();
    for stage in file.stages() {
        let all: Vec<_> = file
            .stage_instructions(&stage)
            .iter()
            .filter(|i| i.keyword == keyword)
            .collect();
        if let Some((last, earlier)) = all.split_last() {
            for e in earlier {
                out.push(
                    finding(
                        d,
                        e,
                        format!("overridden by the {keyword} on line {}", last.line),
                    )
                    .with(Evidence::new(keyword, e.args.text())),
                );
            }
        }
    }
    out
}

/// The simple commands of a shell script: split at `&&`, `||`, `;`, `|`, `&` and newlines,
/// each as words (quotes removed, no expansion).
pub fn commands(script: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut chars = script.chars().peekable();
    let flush = |current: &mut String, out: &mut Vec<Vec<String>>| {
        let words = shell_words(current);
        if !words.is_empty() {
            out.push(words);
        }
        current.clear();
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            (Some(_), c) => current.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                current.push(c);
            }
            (None, '\\') => {
                current.push(c);
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            (None, ';' | '\n' | '|' | '&' | '(' | ')') => {
                flush(&mut current, &mut out);
                // `||`, `&&`, `|&` are single separators.
                while matches!(chars.peek(), Some('|' | '&')) {
                    chars.next();
                }
            }
            (None, c) => current.push(c),
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The program a command runs, skipping `sudo`, `env VAR=x` and leading assignments.
pub fn program(words: &[String]) -> (&str, &[String]) {
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let wrapper = matches!(w, "sudo" | "env" | "exec" | "nohup" | "time");
        let assignment = w.contains('=')
            && !w.starts_with('-')
            && w.split('=')
                .next()
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        let wrapper_option =
            w.starts_with('-') && i > 0 && matches!(words[i - 1].as_str(), "sudo" | "env");
        if wrapper || assignment || wrapper_option {
            i += 1;
        } else {
            break;
        }
    }
    match words.get(i) {
        Some(p) => (p.rsplit('/').next().unwrap_or(p), &words[i + 1..]),
        None => ("", &[]),
    }
}

/// The shell text a `RUN` runs (exec form joined), with heredoc bodies.
pub fn run_script(ins: &Instruction) -> String {
    match &ins.args {
        Args::Exec(words)
            if words.len() >= 3
                && matches!(words[0].as_str(), "/bin/sh" | "sh" | "/bin/bash" | "bash")
                && words[1] == "-c" =>
        {
            words[2..].join(" ")
        }
        _ => ins.script(),
    }
}

/// Every `RUN` with its commands, `ONBUILD RUN` included.
pub fn runs(file: &Dockerfile) -> Vec<(&Instruction, Vec<Vec<String>>)> {
    file.instructions
        .iter()
        .filter_map(|i| {
            let target = if i.keyword == "ONBUILD" {
                i.onbuild.as_deref()?
            } else {
                i
            };
            (target.keyword == "RUN").then(|| (i, commands(&run_script(target))))
        })
        .collect()
}

/// Every `RUN` whose package caches stay in the layer: those without a build cache mount
/// (`RUN --mount=type=cache,…` keeps the cache out of the image).
pub fn runs_without_cache_mount(file: &Dockerfile) -> Vec<(&Instruction, Vec<Vec<String>>)> {
    runs(file)
        .into_iter()
        .filter(|(i, _)| {
            let target = i.onbuild.as_deref().unwrap_or(i);
            !target.flags.iter().any(|f| {
                f.name == "mount"
                    && f.value
                        .as_deref()
                        .is_some_and(|v| v.split(',').any(|p| p == "type=cache"))
            })
        })
        .collect()
}

/// Which `RUN` instructions a rule looks at.
pub type RunSelector = for<'a> fn(&'a Dockerfile) -> Vec<(&'a Instruction, Vec<Vec<String>>)>;

/// Which stages a rule judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageScope {
    /// The stages that ship: the final stage and the stages it is built `FROM`, whose layers
    /// are in the image. Stages only copied from (`COPY --from`) leave nothing else behind.
    Shipped,
    /// Every stage: what the build itself does (downloads, prompts, scripts) happens in all.
    EveryStage,
}

/// The lines of the instructions in the stages that ship (see [`StageScope::Shipped`]): the
/// target stage and the stages it is built `FROM`. The target is the last stage, and every
/// stage a compose service that builds the file names in `build.target`.
pub fn shipped_lines(
    ctx: &crate::rule::Context,
    d: &ParsedDockerfile,
    file: &Dockerfile,
) -> std::collections::HashSet<usize> {
    let stages = file.stages();
    let builders = ctx.project().services_building(&d.path);
    let mut targets: Vec<&Stage> = Vec::new();
    let mut default_target = builders.is_empty();
    for (_, service) in &builders {
        match service
            .node
            .get("build")
            .and_then(|b| b.get("target"))
            .and_then(|t| t.as_str())
        {
            Some(name) => targets.extend(
                stages
                    .iter()
                    .filter(|s| s.name.as_deref() == Some(name.to_ascii_lowercase().as_str())),
            ),
            None => default_target = true,
        }
    }
    if default_target || targets.is_empty() {
        targets.extend(final_stage(&stages));
    }
    let mut lines = std::collections::HashSet::new();
    for target in targets {
        let mut stage = Some(target);
        while let Some(s) = stage {
            lines.insert(file.instructions[s.from_index].line);
            lines.extend(file.stage_instructions(s).iter().map(|i| i.line));
            stage = s.base_stage.and_then(|b| stages.get(b));
        }
    }
    lines
}

/// The findings of a rule on `RUN` commands: `breaks` says what is wrong in one instruction's
/// commands, `consequence` completes the message; `scope` says which stages count.
pub fn run_findings(
    ctx: &crate::rule::Context,
    scope: StageScope,
    select: RunSelector,
    breaks: fn(&[Vec<String>]) -> Option<String>,
    consequence: &str,
) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        let shipped = (scope == StageScope::Shipped).then(|| shipped_lines(ctx, d, file));
        select(file)
            .into_iter()
            .filter(|(ins, _)| shipped.as_ref().is_none_or(|l| l.contains(&ins.line)))
            .filter_map(|(ins, cmds)| {
                breaks(&cmds).map(|what| {
                    finding(d, ins, format!("{what}: {consequence}"))
                        .with(drydock_model::model::Evidence::new("RUN", what))
                })
            })
            .collect()
    })
}

/// The last stage (the one that ships), if any.
pub fn final_stage(stages: &[Stage]) -> Option<&Stage> {
    stages.last()
}

/// Whether any word of a command equals one of `flags` (or starts with `flag=`).
pub fn has_flag(args: &[String], flags: &[&str]) -> bool {
    args.iter().any(|a| {
        flags
            .iter()
            .any(|f| a == f || a.starts_with(&format!("{f}=")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_on_operators_but_not_in_quotes() {
        let c = commands("apt-get update && apt-get install -y curl; echo 'a && b' | tee x");
        assert_eq!(c.len(), 4);
        assert_eq!(c[1], ["apt-get", "install", "-y", "curl"]);
        assert_eq!(c[2], ["echo", "a && b"]);
        assert_eq!(
            program(&[
                "sudo".into(),
                "-E".into(),
                "/usr/bin/apt-get".into(),
                "x".into()
            ])
            .0,
            "apt-get"
        );
        assert_eq!(
            program(&["DEBIAN_FRONTEND=noninteractive".into(), "apt-get".into()]).0,
            "apt-get"
        );
    }
}

use super::shell::{finding, run_script};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::dockerfile::Args;

/// Whether shell text pipes one command into another (`|`, not `||`), outside quotes.
/// Whether a shell script pipes one command into another anywhere it runs commands: at the
/// top level and inside command substitutions (`$( … )` and backquotes), also when those
/// stand inside double quotes (`arch="$(dpkg --print-architecture | awk …)"`). A `|` inside
/// quotes as text, or in `||`, is not a pipe.
fn has_pipe(script: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Context {
        /// Where commands run: the script itself, a `$( … )` or a `( … )` group.
        Commands,
        SingleQuote,
        DoubleQuote,
        Backquote,
    }
    let bytes = script.as_bytes();
    let mut stack = vec![Context::Commands];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let top = *stack.last().unwrap_or(&Context::Commands);
        match (top, b) {
            (Context::SingleQuote, b'\'') => {
                stack.pop();
            }
            (Context::SingleQuote, _) => {}
            (_, b'\\') => i += 1,
            (Context::DoubleQuote, b'"') => {
                stack.pop();
            }
            (Context::Backquote, b'`') => {
                stack.pop();
            }
            (_, b'$') if bytes.get(i + 1) == Some(&b'(') => {
                stack.push(Context::Commands);
                i += 1;
            }
            (_, b'`') => stack.push(Context::Backquote),
            (Context::DoubleQuote, _) => {}
            (_, b'"') => stack.push(Context::DoubleQuote),
            (_, b'\'') => stack.push(Context::SingleQuote),
            (Context::Commands, b'(') => stack.push(Context::Commands),
            (Context::Commands, b')') if stack.len() > 1 => {
                stack.pop();
            }
            (_, b'|') => {
                let prev = i.checked_sub(1).map(|p| bytes[p]);
                let next = bytes.get(i + 1).copied();
                if prev != Some(b'|') && next != Some(b'|') {
                    return true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

declare_rule! {
    /// ## What it checks
    /// `RUN` instructions in shell form that pipe one command into another while the shell does
    /// not stop on a failing stage: no `set -o pipefail` in the command, and no
    /// `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (or another shell with `pipefail`) earlier
    /// in the stage.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// Only the last command's status counts: a failed download piped into `tar` or `sh` still
    /// lets the build pass, with a broken or partial result.
    ///
    /// ## Remediation
    /// Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the `RUN`, or start the command
    /// with `set -o pipefail &&`.
    pub static RULE = {
        id: "DF030",
        name: "dockerfile-pipe-without-pipefail",
        title: "A piped RUN hides failures",
        cis: [],
        target: Dockerfile,
        severity: Low,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        let mut out = Vec::new();
        let mut pipefail = false;
        for ins in &file.instructions {
            match ins.keyword.as_str() {
                "FROM" => pipefail = false,
                "SHELL" => pipefail = ins.args.text().contains("pipefail"),
                "RUN" if matches!(ins.args, Args::Shell(_)) && !pipefail => {
                    let script = run_script(ins);
                    if has_pipe(&script) && !script.contains("pipefail") {
                        out.push(
                            finding(
                                d,
                                ins,
                                "a pipe without pipefail: a failing stage does not fail the build",
                            )
                            .with(
                                Evidence::new("RUN", ins.args.text()).expected("set -o pipefail"),
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn pipes_not_ors() {
        assert!(super::has_pipe("curl x | tar xz"));
        assert!(!super::has_pipe("a || b"));
        assert!(!super::has_pipe("echo 'a|b'"));
        assert!(!super::has_pipe("echo \"a|b\" && echo '$(a|b)'"));
        // Pipes in command substitutions run commands too, quoted or not.
        assert!(super::has_pipe(
            "dpkgArch=\"$(dpkg --print-architecture | awk -F- '{ print $NF }')\""
        ));
        assert!(super::has_pipe("v=`uname -m | tr a-z A-Z`"));
        assert!(super::has_pipe("echo \"$(echo \"$(a | b)\")\""));
        assert!(!super::has_pipe("echo \"$(a || b)\""));
    }
}

use super::shell::{finding, run_script};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::dockerfile::Args;

/// Whether shell text pipes one command into another (`|`, not `||`), outside quotes.
fn has_pipe(script: &str) -> bool {
    let bytes = script.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'|' => {
                let prev = i.checked_sub(1).map(|p| bytes[p]);
                let next = bytes.get(i + 1).copied();
                if prev != Some(b'|') && next != Some(b'|') {
                    return true;
                }
            }
            None => {}
        }
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
    }
}

use super::shell::{finding, runs};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::secrets::{is_masked, is_secret_name, looks_like_secret_value, mask};

/// A credential written into a command: `user:pass@` in a URL, `-u user:pass`, `--password=x`,
/// `TOKEN=x` assignments with literal values.
pub fn inline_credential(words: &[String]) -> Option<String> {
    for (i, w) in words.iter().enumerate() {
        if let Some(rest) = w.split_once("://").map(|(_, r)| r)
            && let Some((creds, _)) = rest.split_once('@')
            && let Some((_, pass)) = creds.split_once(':')
            && !pass.is_empty()
            && !pass.starts_with('$')
        {
            return Some(format!("a password in the URL ({})", mask(pass)));
        }
        if (w == "-u" || w == "--user")
            && let Some(next) = words.get(i + 1)
            && let Some((_, pass)) = next.split_once(':')
            && !pass.is_empty()
            && !pass.starts_with('$')
        {
            return Some(format!("a password in {w} ({})", mask(pass)));
        }
        if let Some((name, value)) = w.trim_start_matches('-').split_once('=')
            && is_secret_name(name)
            && !value.is_empty()
            && !value.starts_with('$')
        {
            return Some(format!("{name} set to a literal ({})", mask(value)));
        }
        // An `Authorization:` header written out (`-H "Authorization: token …"`).
        if let Some(header) = w
            .to_ascii_lowercase()
            .strip_prefix("authorization:")
            .map(str::trim)
            .filter(|h| !h.is_empty())
        {
            let credential = header.rsplit(' ').next().unwrap_or(header);
            if !credential.starts_with('$') {
                return Some(format!("an Authorization header ({})", mask(credential)));
            }
        }
        // A word with a credential's shape, whatever carries it.
        if let Some(token) = w
            .split(['=', ':', ' '])
            .find(|part| looks_like_secret_value(part) || is_masked(part))
        {
            return Some(format!("a credential ({})", mask(token)));
        }
    }
    None
}

declare_rule! {
    /// ## What it checks
    /// `RUN` commands that carry a credential: a password in a URL (`https://user:pass@…`),
    /// `curl -u user:pass`, `--password=…`, an assignment such as `API_TOKEN=…` with a
    /// literal value, an `Authorization:` header written out, or any word with a credential's
    /// shape (a GitHub, GitLab, Slack, Stripe, AWS or npm token, a JSON Web Token). Values are
    /// masked in every output.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// The command line of every `RUN` is kept in the image history for anyone who can pull it.
    ///
    /// ## Remediation
    /// Pass the credential with `RUN --mount=type=secret,id=…` and read it from the file.
    pub static RULE = {
        id: "DF011",
        name: "dockerfile-secret-in-run",
        title: "A RUN command carries a credential",
        cis: ["4.10"],
        target: Dockerfile,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        runs(file)
            .into_iter()
            .filter_map(|(ins, cmds)| {
                cmds.iter().find_map(|c| inline_credential(c)).map(|what| {
                    finding(d, ins, format!("RUN carries {what}")).with(
                        Evidence::new("RUN", what).expected("credentials from a secret mount"),
                    )
                })
            })
            .collect()
    })
}

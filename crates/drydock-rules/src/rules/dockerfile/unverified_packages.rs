use super::shell::{finding, program, runs};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

/// The verification-disabling option a command uses, if any.
pub fn unverified(words: &[String]) -> Option<String> {
    let (prog, args) = program(words);
    let has = |flag: &str| {
        args.iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    };
    let found = match prog {
        "apt-get" | "apt" => [
            "--allow-unauthenticated",
            "--allow-insecure-repositories",
            "--force-yes",
        ]
        .into_iter()
        .find(|f| has(f))
        .map(str::to_string)
        .or_else(|| {
            args.windows(2)
                .find(|w| {
                    w[0] == "-o"
                        && w[1]
                            .to_ascii_lowercase()
                            .contains("allowunauthenticated=true")
                })
                .map(|w| w.join(" "))
        }),
        "apk" => has("--allow-untrusted").then(|| "--allow-untrusted".to_string()),
        "yum" | "dnf" | "microdnf" | "tdnf" => ["--nogpgcheck", "--setopt=gpgcheck=0"]
            .into_iter()
            .find(|f| has(f))
            .map(str::to_string),
        "zypper" => ["--no-gpg-checks", "--no-gpg-check"]
            .into_iter()
            .find(|f| has(f))
            .map(str::to_string),
        "rpm" => has("--nosignature").then(|| "--nosignature".to_string()),
        "curl" => ["-k", "--insecure"]
            .into_iter()
            .find(|f| has(f))
            .map(str::to_string),
        "wget" => has("--no-check-certificate").then(|| "--no-check-certificate".to_string()),
        "pip" | "pip3" => has("--trusted-host").then(|| "--trusted-host".to_string()),
        "npm" | "yarn" => (args.iter().any(|a| a == "strict-ssl")
            && args.iter().any(|a| a == "false"))
        .then(|| "strict-ssl false".to_string()),
        "git" => args
            .iter()
            .find(|a| a.eq_ignore_ascii_case("http.sslverify=false"))
            .cloned(),
        _ => None,
    };
    found.map(|f| format!("{prog} {f}"))
}

declare_rule! {
    /// ## What it checks
    /// Package and download commands that switch verification off: `apt-get
    /// --allow-unauthenticated`/`--force-yes`, `apk --allow-untrusted`, `yum/dnf --nogpgcheck`,
    /// `zypper --no-gpg-checks`, `rpm --nosignature`, `curl -k`/`--insecure`, `wget
    /// --no-check-certificate`, `pip --trusted-host`, `npm config set strict-ssl false`, `git -c
    /// http.sslVerify=false`.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// Without signature or TLS verification, a mirror or anyone on the path can swap packages.
    ///
    /// ## Remediation
    /// Remove the option and import the repository's signing key or CA certificate instead.
    pub static RULE = {
        id: "DF012",
        name: "dockerfile-unverified-packages",
        title: "Packages or downloads are installed without verification",
        cis: ["4.11"],
        target: Dockerfile,
        severity: High,
        stride: [Tampering, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        runs(file)
            .into_iter()
            .filter_map(|(ins, cmds)| {
                cmds.iter().find_map(|c| unverified(c)).map(|what| {
                    finding(d, ins, format!("verification is switched off: {what}"))
                        .with(Evidence::new("RUN", what).expected("verified packages"))
                })
            })
            .collect()
    })
}

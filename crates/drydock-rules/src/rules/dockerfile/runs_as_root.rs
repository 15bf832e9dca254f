use super::shell::{final_stage, finding, object};
use crate::declare_rule;
use crate::fix::{TextEdit, line_start, newline};
use crate::rule::Context;
use crate::rules::docker::container_user::user_is_root;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// The user the image ships with: the last `USER` of the final stage, following `FROM
    /// <stage>` back through earlier stages (a `USER` in a stage that is not built upon does not
    /// count). `root`, `0`, `0:0`, `root:root` and `0:<gid>` are root. With no `USER` at all the
    /// base image's user applies — root unless the base sets another — and this is reported
    /// too. When every compose service that builds the file sets its own `user:`, compose
    /// decides the user and the finding belongs there (`compose-runs-as-root`), not here.
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`.
    ///
    /// ## Why it matters
    /// A container that runs as root is one escape away from root on the host.
    ///
    /// ## Remediation
    /// Create an unprivileged user and switch to it in the final stage:
    /// `RUN useradd -r -u 10001 app` then `USER 10001`.
    pub static RULE = {
        id: "DF001",
        name: "dockerfile-runs-as-root",
        title: "The final stage runs as root",
        cis: ["4.1"],
        target: Dockerfile,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        fixer: (Unsafe, "create a system user `app` and switch to it after the last build step that needs root (a numeric uid where the base has no useradd or adduser to call; none for a Windows base); files the process writes must be writable by it", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        let builders = ctx.project().services_building(&d.path);
        if !builders.is_empty() && builders.iter().all(|(_, s)| s.node.get("user").is_some_and(|u| !u.is_null())) {
            return Vec::new();
        }
        let stages = file.stages();
        let Some(last) = final_stage(&stages) else { return Vec::new() };
        match file.effective_user(&stages, last.index) {
            Some((user, ins)) if user_is_root(&user) => vec![finding(d, ins, format!("the final stage runs as {user}"))
                .with(Evidence::new("USER", user).expected("a non-root user"))],
            Some(_) => Vec::new(),
            None => {
                let from = &file.instructions[last.from_index];
                // Follow `FROM <stage>` back to the external image whose user applies.
                let mut root = last;
                while let Some(parent) = root.base_stage {
                    root = &stages[parent];
                }
                vec![Outcome::fail(object(d), format!("no USER in the final stage or the stages it builds on: the user of base image `{}` applies (root unless it sets one)", root.base))
                    .at(&d.path, from.line, from.column)
                    .with(Evidence::new("USER", "none").expected("a non-root user"))]
            }
        }
    })
}

/// How a base image creates users, judged from its name: Alpine and BusyBox have `adduser`;
/// Debian, Ubuntu, the Red Hat family and the official language images built on Debian have
/// `useradd`. Anything else (scratch, distroless, an unknown base) gets a numeric uid, which
/// needs no entry in `/etc/passwd`.
fn create_user(base: &str) -> Option<&'static str> {
    let base = base.to_ascii_lowercase();
    let name = base.rsplit('/').next().unwrap_or(&base);
    if base.contains("alpine") || name.starts_with("busybox") {
        return Some("RUN addgroup -S app && adduser -S -G app -H -D app");
    }
    const USERADD: [&str; 14] = [
        "debian",
        "ubuntu",
        "python",
        "node",
        "golang",
        "ruby",
        "openjdk",
        "eclipse-temurin",
        "php",
        "perl",
        "rust",
        "fedora",
        "rockylinux",
        "almalinux",
    ];
    let repo = name.split([':', '@']).next().unwrap_or(name);
    (USERADD.contains(&repo) && !base.contains("slim-") && !base.contains("distroless"))
        .then_some("RUN groupadd -r app && useradd -r -g app -M app")
}

fn fix(text: &str, _finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    let file = drydock_parse::dockerfile::parse(text);
    let stages = file.stages();
    let last = stages.last()?;
    let mut root = last;
    while let Some(parent) = root.base_stage {
        root = &stages[parent];
    }
    // Windows images have no Unix users: `USER 10001` stops the container from starting.
    if is_windows_base(&root.base) {
        return None;
    }
    let body = &file.instructions[last.body.clone()];
    let nl = newline(text);
    let create = create_user(&root.base);
    // Without a user to create, the root USER itself is turned into a numeric one, where it is:
    // what needed root before it still runs as root.
    if create.is_none()
        && let Some(user) = body.iter().rev().find(|i| i.keyword == "USER")
        && user.heredocs.is_empty()
        && !body
            .iter()
            .skip_while(|i| !std::ptr::eq(*i, user))
            .skip(1)
            .any(needs_root)
    {
        let written = text.get(user.span.clone())?;
        let end = user.span.start + written.trim_end().len();
        return Some(vec![TextEdit {
            range: user.span.start..end,
            text: format!("{} 10001:10001", user.keyword_as_written),
        }]);
    }
    let lines = match create {
        Some(run) => format!("{run}{nl}USER app{nl}"),
        None => format!("USER 10001:10001{nl}"),
    };
    // The new USER goes after the last instruction that needs root (a RUN, a COPY or ADD that
    // sets ownership or modes) and after the last USER, so that it is the user the container
    // starts with and every build step still runs as it did; before the first CMD or
    // ENTRYPOINT when nothing of the kind follows it.
    let last_needing_root = body
        .iter()
        .rposition(|i| needs_root(i) || i.keyword == "USER");
    let first_start = body
        .iter()
        .position(|i| matches!(i.keyword.as_str(), "CMD" | "ENTRYPOINT"));
    let at = match (first_start, last_needing_root) {
        (Some(start), last) if last.is_none_or(|l| l < start) => line_start(text, body[start].line),
        (_, Some(after)) if after + 1 < body.len() => line_start(text, body[after + 1].line),
        _ => {
            let end = text.len();
            if !text.is_empty() && !text.ends_with('\n') {
                return Some(vec![TextEdit::insert(end, format!("{nl}{lines}"))]);
            }
            end
        }
    };
    Some(vec![TextEdit::insert(at, lines)])
}

/// Whether a build step would fail or change if it ran as an unprivileged user.
fn needs_root(i: &drydock_parse::dockerfile::Instruction) -> bool {
    match i.keyword.as_str() {
        "RUN" => true,
        "COPY" | "ADD" => i.flag("chown").is_some() || i.flag("chmod").is_some(),
        _ => false,
    }
}

/// Windows base images (Server Core, Nano Server, the `windows` image), which take a Windows
/// account name, not a uid.
fn is_windows_base(base: &str) -> bool {
    let base = base.to_ascii_lowercase();
    base.contains("servercore")
        || base.contains("nanoserver")
        || base.contains("mcr.microsoft.com/windows")
        || base.contains("windows/")
        || base.contains("ltsc20")
}

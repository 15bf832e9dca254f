//! The report as JUnit XML, for CI systems that show test results: one test suite per CIS
//! section (or file rule family), one test case per result. A failed control is a `failure`,
//! a control drydock could not check is an `error` (it did not run, which is not a pass), and
//! manual, not-applicable and set-aside results are `skipped` with the reason.

use super::svg::esc as xml;
use drydock_model::benchmark::{docker_section_title, kube_section_title};
use drydock_model::model::Status;
use drydock_model::report::{Report, ResultEntry};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The suite a result belongs to: its benchmark section for host, engine and node results, the
/// kind of file for results on project files.
fn suite_of(result: &ResultEntry) -> String {
    if result.object.kind.is_project() {
        return format!("{} files", result.object.kind.name());
    }
    let kube = result
        .rule
        .cis
        .first()
        .is_some_and(|c| c.benchmark == drydock_model::benchmark::KUBE_BENCHMARK);
    if kube {
        format!(
            "{} {} (CIS Kubernetes 1.12)",
            result.rule.section,
            kube_section_title(result.rule.section)
        )
    } else {
        format!(
            "{} {}",
            result.rule.section,
            docker_section_title(result.rule.section)
        )
    }
}

/// What a test case says beyond its message: evidence, location and remediation.
fn details(result: &ResultEntry) -> String {
    let mut out = String::new();
    if let Some(l) = &result.location {
        let _ = writeln!(out, "at {}:{}:{}", l.path, l.line, l.column);
    }
    for e in result.evidence.iter() {
        let _ = write!(out, "{}: {}", e.field, e.actual);
        if let Some(expected) = &e.expected {
            let _ = write!(out, " (expected {expected})");
        }
        out.push('\n');
    }
    if !result.rule.remediation.is_empty() {
        let _ = writeln!(out, "remediation: {}", result.rule.remediation.trim());
    }
    out
}

/// Renders the report.
pub fn report(report: &Report) -> String {
    let mut suites: BTreeMap<String, Vec<&ResultEntry>> = BTreeMap::new();
    for r in &report.results {
        suites.entry(suite_of(r)).or_default().push(r);
    }
    let count = |rs: &[&ResultEntry], pick: &dyn Fn(&ResultEntry) -> bool| {
        rs.iter().filter(|r| pick(r)).count()
    };
    let failed = |r: &ResultEntry| r.status == Status::Fail && r.suppressed.is_none();
    let errored = |r: &ResultEntry| r.status == Status::Unknown;
    let skipped = |r: &ResultEntry| !failed(r) && !errored(r) && r.status != Status::Pass;
    let all: Vec<&ResultEntry> = report.results.iter().collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"drydock {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        xml(&report.benchmark),
        all.len(),
        count(&all, &failed),
        count(&all, &errored),
        count(&all, &skipped),
    );
    if !report.complete {
        // An incomplete audit is said at the top, where a CI page shows the run's properties.
        out.push_str("  <properties>\n");
        for reason in &report.incomplete_reasons {
            let _ = writeln!(
                out,
                "    <property name=\"incomplete\" value=\"{}\"/>",
                xml(reason)
            );
        }
        out.push_str("  </properties>\n");
    }
    let mut names: std::collections::HashMap<(String, String), usize> = Default::default();
    for (name, results) in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            xml(name),
            results.len(),
            count(results, &failed),
            count(results, &errored),
            count(results, &skipped),
        );
        for r in results {
            let cis = if r.rule.control.is_empty() {
                String::new()
            } else {
                format!("{} ", r.rule.control)
            };
            let classname = format!("{} {}", r.rule.rule_id, r.rule.rule_name);
            let mut name = format!("{cis}{}: {}", r.rule.title, r.object.name);
            // Two results of a rule on one object (two lines of a file) are two test cases:
            // CI pages merge cases of the same class and name, so the later ones say where.
            let n = names.entry((classname.clone(), name.clone())).or_insert(0);
            *n += 1;
            if *n > 1 {
                match &r.location {
                    Some(l) => name.push_str(&format!(" (line {})", l.line)),
                    None => name.push_str(&format!(" (#{n})")),
                }
            }
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&classname),
                xml(&name),
            );
            if let Some(l) = &r.location {
                let _ = write!(out, " file=\"{}\" line=\"{}\"", xml(&l.path), l.line);
            }
            let body = xml(&details(r));
            match (r.status, &r.suppressed) {
                (Status::Pass, _) => out.push_str("/>\n"),
                (Status::Fail | Status::Manual, Some(s)) => {
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        xml(&format!("{}; {}", r.message, s.describe()))
                    );
                }
                (Status::Fail, None) => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"{}\">{body}</failure>\n    </testcase>",
                        xml(&r.message),
                        r.rule.severity.name(),
                    );
                }
                (Status::Unknown, _) => {
                    let _ = writeln!(
                        out,
                        ">\n      <error message=\"{}\" type=\"unknown\">{body}</error>\n    </testcase>",
                        xml(&r.message),
                    );
                }
                (Status::Manual, None) => {
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"{}\"/>\n      <system-out>{body}</system-out>\n    </testcase>",
                        xml(&format!("needs a person to judge: {}", r.message)),
                    );
                }
                (Status::NotApplicable, _) => {
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        xml(&format!("not applicable: {}", r.message)),
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn text_is_escaped_and_characters_xml_cannot_hold_are_replaced() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{1}\u{1b}[0m\n\u{FFFF}"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;\u{FFFD}\u{FFFD}[0m\n\u{FFFD}"
        );
    }
}

//! Alpine's version order against the cases apk-tools documents for its own order:
//! `test/unit/version.data` of alpinelinux/apk-tools (commit 90b974fd, 2026-06-30), kept
//! beside this test as `data/apk-version.data`. Each line is `a OP b` (`<`, `>`, `=`, `<=`,
//! `>=`, optionally negated with `!`), a version apk accepts, or `!version`, one it refuses.
//! The fuzzy operators (`~`, `<~`, `>~`) concern dependency matching, not order, and are left
//! out.

use drydock_parse::packages::{apk_compare, apk_valid};
use std::cmp::Ordering;

#[test]
fn apk_order_follows_the_cases_apk_tools_documents() {
    let data = include_str!("data/apk-version.data");
    let (mut checked, mut failures) = (0, Vec::new());
    for (number, raw) in data.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [a, op, b] => {
                let (negated, op) = match op.strip_prefix('!') {
                    Some(op) => (true, op),
                    None => (false, *op),
                };
                if op.contains('~') {
                    continue;
                }
                let order = apk_compare(a, b);
                let holds = match op {
                    "<" => order == Ordering::Less,
                    ">" => order == Ordering::Greater,
                    "=" => order == Ordering::Equal,
                    "<=" => order != Ordering::Greater,
                    ">=" => order != Ordering::Less,
                    other => panic!("line {}: unknown operator {other}", number + 1),
                };
                // The reverse must agree, so the order is antisymmetric on every case.
                let reverse = apk_compare(b, a) == order.reverse();
                if holds == negated || !reverse {
                    failures.push(format!("line {}: {line} (got {order:?})", number + 1));
                }
                checked += 1;
            }
            [version] => {
                let (expect_valid, version) = match version.strip_prefix('!') {
                    Some(v) => (false, v),
                    None => (true, *version),
                };
                if apk_valid(version) != expect_valid {
                    failures.push(format!("line {}: {line} (validity)", number + 1));
                }
                checked += 1;
            }
            _ => panic!("line {}: unreadable case {line}", number + 1),
        }
    }
    assert!(checked > 700, "only {checked} cases read");
    assert!(
        failures.is_empty(),
        "{} of {checked} cases disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

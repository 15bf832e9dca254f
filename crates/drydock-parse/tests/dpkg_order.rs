//! Debian's version order, checked against the machine's own `dpkg --compare-versions` on
//! 10,000 pairs: real versions from the machine's dpkg status file paired at random, and
//! generated ones with epochs, revisions, tildes, pluses and letters.

use drydock_parse::packages::{dpkg_compare, parse_dpkg_status};
use std::cmp::Ordering;
use std::process::Command;

/// A small deterministic generator: the same pairs every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick(&mut self, chars: &[u8]) -> char {
        chars[self.below(chars.len() as u64) as usize] as char
    }
}

fn generated(rng: &mut Lcg) -> String {
    let mut v = String::new();
    if rng.below(5) == 0 {
        v.push_str(&format!("{}:", rng.below(3)));
    }
    v.push(rng.pick(b"0123456789"));
    for _ in 0..rng.below(8) {
        v.push(rng.pick(b"0123456789.~+abcxyzAZ0001"));
    }
    if rng.below(2) == 0 {
        v.push('-');
        v.push(rng.pick(b"0123456789"));
        for _ in 0..rng.below(5) {
            v.push(rng.pick(b"0123456789.~+deb12u"));
        }
    }
    v
}

/// `dpkg --compare-versions a lt b`.
fn dpkg_less(a: &str, b: &str) -> bool {
    let status = Command::new("dpkg")
        .args(["--compare-versions", a, "lt", b])
        .status()
        .expect("dpkg runs (a Debian machine)");
    assert!(
        status.code().is_some_and(|c| c < 2),
        "dpkg refused {a} or {b}"
    );
    status.success()
}

#[test]
fn dpkg_order_matches_dpkg_on_ten_thousand_pairs() {
    let status =
        std::fs::read_to_string("/var/lib/dpkg/status").expect("the machine's dpkg status file");
    let real: Vec<String> = parse_dpkg_status(&status)
        .into_iter()
        .map(|p| p.version)
        .collect();
    assert!(real.len() > 50, "{} installed packages", real.len());
    let mut rng = Lcg(0x5eed);
    let mut pairs: Vec<(String, String)> = Vec::new();
    while pairs.len() < 5_000 {
        let a = real[rng.below(real.len() as u64) as usize].clone();
        let b = real[rng.below(real.len() as u64) as usize].clone();
        pairs.push((a, b));
    }
    while pairs.len() < 10_000 {
        let a = generated(&mut rng);
        // Near versions as well as far ones: half the time a small change of `a`.
        let b = if rng.below(2) == 0 {
            let mut b = a.clone();
            b.push(rng.pick(b"~+.0a1"));
            b.push(rng.pick(b"0123456789"));
            b
        } else {
            generated(&mut rng)
        };
        pairs.push((a, b));
    }
    // Two workers: a dpkg process per pair.
    let (left, right) = pairs.split_at(pairs.len() / 2);
    let check = |part: &[(String, String)]| -> Vec<String> {
        part.iter()
            .filter_map(|(a, b)| {
                let ours = dpkg_compare(a, b) == Ordering::Less;
                (ours != dpkg_less(a, b)).then(|| format!("{a} < {b}: dpkg says {}", !ours))
            })
            .collect()
    };
    let wrong: Vec<String> = std::thread::scope(|s| {
        let l = s.spawn(|| check(left));
        let r = s.spawn(|| check(right));
        let mut w = l.join().unwrap();
        w.extend(r.join().unwrap());
        w
    });
    assert!(
        wrong.is_empty(),
        "{} of 10,000 differ: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
}

//! The JSON report. Its results are most of its size (tens of megabytes for a large tree), so
//! they are rendered in parallel, in batches that bound the memory held, and written in order.
//! The bytes are exactly those of `serde_json::to_writer_pretty` on the whole report.

use drydock_model::report::Report;
use rayon::prelude::*;
use std::io::{self, Write};

/// Results rendered per batch: enough to keep both cores busy, few enough that the rendered
/// text held at once stays a few megabytes.
const BATCH: usize = 4096;

/// Writes the report as pretty-printed JSON followed by a newline.
pub fn write_report<W: Write>(out: &mut W, report: &mut Report) -> io::Result<()> {
    write_in_batches(out, report, BATCH)
}

fn write_in_batches<W: Write>(
    out: &mut W,
    report: &mut Report,
    batch_size: usize,
) -> io::Result<()> {
    let results = std::mem::take(&mut report.results);
    // The report without its results ends in `"results": []\n}`; the results go between the
    // brackets. Everything before is written as it is made (the threat model of a large
    // cluster is hundreds of megabytes of JSON), holding back only that ending. The results
    // are put back whatever happens.
    let mut held = HoldBack::new(&mut *out);
    let head = serde_json::to_writer_pretty(&mut held, &*report);
    report.results = results;
    head.map_err(io::Error::other)?;
    let ending = held.into_held();
    if report.results.is_empty() {
        out.write_all(&ending)?;
        return out.write_all(b"\n");
    }
    let open = ending
        .strip_suffix(b"[]\n}")
        .ok_or_else(|| io::Error::other("the report's last field is not `results`"))?;
    out.write_all(open)?;
    out.write_all(b"[\n")?;
    for (batch_index, batch) in report.results.chunks(batch_size).enumerate() {
        let rendered: Vec<Vec<u8>> = batch
            .par_chunks(batch_size.div_ceil(16))
            .map(|entries| {
                let mut text = Vec::with_capacity(entries.len() * 1024);
                for entry in entries {
                    let item = serde_json::to_vec_pretty(entry).map_err(io::Error::other)?;
                    // Items sit two levels deep. JSON strings hold no raw newline, so every
                    // newline in the item starts a line that needs the indent.
                    text.extend_from_slice(b"    ");
                    for &byte in &item {
                        text.push(byte);
                        if byte == b'\n' {
                            text.extend_from_slice(b"    ");
                        }
                    }
                    text.extend_from_slice(b",\n");
                }
                Ok(text)
            })
            .collect::<io::Result<_>>()?;
        let last_batch = (batch_index + 1) * batch_size >= report.results.len();
        let count = rendered.len();
        for (i, text) in rendered.iter().enumerate() {
            if last_batch && i + 1 == count {
                // No comma after the last result.
                out.write_all(&text[..text.len() - 2])?;
                out.write_all(b"\n")?;
            } else {
                out.write_all(text)?;
            }
        }
    }
    out.write_all(b"  ]\n}\n")
}

/// The bytes of `"results": []\n}` that end the report without its results.
const ENDING: usize = 4;

/// A writer that passes everything on except the last [`ENDING`] bytes written, which it keeps
/// for the caller.
struct HoldBack<'a, W: Write> {
    out: &'a mut W,
    held: Vec<u8>,
}

impl<'a, W: Write> HoldBack<'a, W> {
    fn new(out: &'a mut W) -> Self {
        HoldBack {
            out,
            held: Vec::with_capacity(ENDING * 2),
        }
    }

    /// The bytes held back (at most [`ENDING`]).
    fn into_held(self) -> Vec<u8> {
        self.held
    }
}

impl<W: Write> Write for HoldBack<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        if bytes.len() >= ENDING {
            // Everything held and all but the last ENDING bytes of these go out.
            self.out.write_all(&self.held)?;
            self.held.clear();
            let (pass, keep) = bytes.split_at(bytes.len() - ENDING);
            self.out.write_all(pass)?;
            self.held.extend_from_slice(keep);
        } else {
            self.held.extend_from_slice(bytes);
            let over = self.held.len().saturating_sub(ENDING);
            if over > 0 {
                self.out.write_all(&self.held[..over])?;
                self.held.drain(..over);
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_model::benchmark::DockerBenchmark;
    use drydock_model::facts::Facts;
    use drydock_rules::rule::RuleOptions;

    fn report() -> Report {
        let facts: Facts = serde_json::from_str(include_str!(
            "../../drydock-rules/tests/fixtures/docker/baseline.json"
        ))
        .expect("baseline facts");
        let rules = drydock_rules::rules::catalog();
        drydock_rules::evaluate::evaluate(
            &facts,
            &rules,
            &RuleOptions::default(),
            DockerBenchmark::ALL[0],
            "test",
        )
    }

    #[test]
    fn holding_back_keeps_the_last_bytes_whatever_the_writes() {
        let text = b"{\n  \"results\": []\n}";
        for cut in 0..text.len() {
            for second in cut..text.len() {
                let mut out = Vec::new();
                let mut held = HoldBack::new(&mut out);
                held.write_all(&text[..cut]).unwrap();
                held.write_all(&text[cut..second]).unwrap();
                held.write_all(&text[second..]).unwrap();
                let ending = held.into_held();
                assert_eq!(ending, b"[]\n}", "cut at {cut} and {second}");
                assert_eq!(
                    out,
                    &text[..text.len() - ENDING],
                    "cut at {cut} and {second}"
                );
            }
        }
    }

    #[test]
    fn same_bytes_as_serde_json_pretty_in_any_batch_size() {
        let mut report = report();
        assert!(report.results.len() > 20, "the baseline gives results");
        let mut expected = serde_json::to_vec_pretty(&report).unwrap();
        expected.push(b'\n');
        for batch_size in [1, 7, report.results.len(), BATCH] {
            let mut written = Vec::new();
            write_in_batches(&mut written, &mut report, batch_size).unwrap();
            assert!(
                written == expected,
                "batch size {batch_size}: output differs from serde_json's"
            );
        }
        report.results.clear();
        let mut expected = serde_json::to_vec_pretty(&report).unwrap();
        expected.push(b'\n');
        let mut written = Vec::new();
        write_report(&mut written, &mut report).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}

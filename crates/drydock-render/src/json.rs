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
    // brackets. The results are put back whatever happens.
    let head = serde_json::to_vec_pretty(&*report);
    report.results = results;
    let head = head.map_err(io::Error::other)?;
    if report.results.is_empty() {
        out.write_all(&head)?;
        return out.write_all(b"\n");
    }
    let open = head
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

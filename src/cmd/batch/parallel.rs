//! Batch on several cores: the input is cut into chunks of whole records, each worker turns
//! its chunks into output with the same code as the single-threaded path (`Job::rows`), and
//! this thread writes the outputs back in input order. Chunk `k` goes to worker `k % n`, and
//! each worker answers in order, so putting results back in order needs no buffer beyond
//! the few chunks in flight: memory stays flat.

use std::io::{BufReader, Read, Write};
use std::sync::mpsc;

use super::input::{Csv, Source, newlines, read_error};
use super::sink::Sink;
use super::{Counts, Job, Memory, Note};
use crate::error::Error;
use crate::output::Format;

/// More threads than this gain nothing: writing the output in order becomes the limit.
pub const MAX_WORKERS: usize = 4;

/// Input per chunk: large enough to amortise handing it over, small enough to keep memory low.
const CHUNK: usize = 1 << 18;

/// The largest chunk grown to find the end of a record (a quoted field can be long).
const MAX_CHUNK: usize = 1 << 24;

/// What a worker made of one chunk.
struct Done<'t> {
    out: Vec<u8>,
    notes: Vec<Note<'t>>,
    counts: Counts,
}

pub fn run<'t, R: Read + Send>(
    csv: Csv<BufReader<R>>,
    job: &Job<'t>,
    format: Format,
    out: &mut dyn Write,
    report: &mut dyn FnMut(Note<'t>),
    workers: usize,
) -> anyhow::Result<Counts> {
    let Csv { reader, line, width, name } = csv;
    let mut chunks = Chunks { reader, line, carry: Vec::new(), done: false, name: name.clone() };
    std::thread::scope(|scope| {
        let mut jobs = Vec::new();
        let mut results = Vec::new();
        for _ in 0..workers {
            let (job_tx, job_rx) = mpsc::channel::<(Vec<u8>, u64)>();
            let (done_tx, done_rx) = mpsc::channel::<anyhow::Result<Done<'t>>>();
            let name = name.clone();
            scope.spawn(move || {
                let mut memory = job.memory();
                for (chunk, line) in job_rx {
                    let done = work(job, &mut memory, format, &chunk, line, width, &name);
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
            jobs.push(job_tx);
            results.push(done_rx);
        }
        let window = 2 * workers;
        let mut total = Counts::default();
        let mut write = |k: usize| -> anyhow::Result<()> {
            let done =
                results[k % workers].recv().map_err(|_| anyhow::anyhow!("a batch worker stopped"))??;
            out.write_all(&done.out)?;
            done.notes.into_iter().for_each(&mut *report);
            total.total += done.counts.total;
            total.bad += done.counts.bad;
            Ok(())
        };
        let mut sent = 0;
        while let Some(chunk) = chunks.next()? {
            if sent >= window {
                write(sent - window)?;
            }
            // A worker gone means its result says why; that is read in order below.
            let _ = jobs[sent % workers].send(chunk);
            sent += 1;
        }
        for k in sent.saturating_sub(window)..sent {
            write(k)?;
        }
        Ok(total)
    })
}

/// One chunk through the single-threaded path, into a buffer.
fn work<'t>(
    job: &Job<'t>,
    memory: &mut Memory<'t>,
    format: Format,
    chunk: &[u8],
    line: u64,
    width: usize,
    name: &str,
) -> anyhow::Result<Done<'t>> {
    let mut notes = Vec::new();
    // The chunk is its own buffer: rows are read in place.
    let mut source = Source::from_csv(Csv { reader: chunk, line, width, name: name.to_string() });
    let mut sink = Sink::buffered(format, job.tables, job.columns, job.opts.total, chunk.len() * 2);
    let counts = job.rows(memory, &mut source, &mut sink, &mut |note| notes.push(note))?;
    sink.finish()?;
    Ok(Done { out: sink.into_buffer(), notes, counts })
}

/// Cuts the input into chunks that end where a record ends.
struct Chunks<R> {
    reader: BufReader<R>,
    /// Lines before the next chunk.
    line: u64,
    /// What was read past the end of the last chunk.
    carry: Vec<u8>,
    done: bool,
    name: String,
}

impl<R: Read> Chunks<R> {
    /// The next chunk and the number of lines before it.
    fn next(&mut self) -> Result<Option<(Vec<u8>, u64)>, Error> {
        let mut buf = std::mem::take(&mut self.carry);
        let mut want = CHUNK;
        loop {
            while buf.len() < want && !self.done {
                let start = buf.len();
                buf.resize(want, 0);
                let n = self.reader.read(&mut buf[start..]).map_err(read_error(&self.name))?;
                buf.truncate(start + n);
                self.done = n == 0;
            }
            if buf.is_empty() {
                return Ok(None);
            }
            let cut = if self.done { Some(buf.len()) } else { record_end(&buf) };
            match cut {
                Some(cut) => {
                    self.carry = buf.split_off(cut);
                    let before = self.line;
                    self.line += newlines(&buf);
                    return Ok(Some((buf, before)));
                }
                None if want < MAX_CHUNK => want *= 2,
                None => {
                    return Err(Error::BadInput {
                        line: self.line + 1,
                        message: format!("no record ends in {} MiB: is a quote left open?", MAX_CHUNK >> 20),
                    });
                }
            }
        }
    }
}

/// Where the last complete record in `buf` ends (`buf` starts at a record). Without quotes,
/// that is after the last line feed; with them, the CSV parser decides, so a quoted line
/// break is never a cut.
fn record_end(buf: &[u8]) -> Option<usize> {
    if !buf.contains(&b'"')
        && let Some(i) = buf.iter().rposition(|&b| b == b'\n')
    {
        return Some(i + 1);
    }
    let mut parser = csv_core::Reader::new();
    let (mut out, mut ends) = (vec![0u8; 1 << 12], vec![0usize; 64]);
    let (mut at, mut last) = (0, None);
    loop {
        let (result, nin, _, _) = parser.read_record(&buf[at..], &mut out, &mut ends);
        at += nin;
        match result {
            csv_core::ReadRecordResult::Record => last = Some(at),
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => return last,
            csv_core::ReadRecordResult::OutputFull | csv_core::ReadRecordResult::OutputEndsFull => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_end_after_a_line_feed_but_never_inside_quotes() {
        assert_eq!(record_end(b"4,sf\n5,nyc\n6,la"), Some(11));
        assert_eq!(record_end(b"4,\"s\nf\"\n5,\"ny\nc"), Some(8));
        assert_eq!(record_end(b"4,\"s\nf"), None);
        assert_eq!(record_end(b"4,sf\r5,nyc\r6"), Some(11), "a lone CR ends a record for the parser too");
    }

    #[test]
    fn chunks_cover_the_input_in_order_with_their_line_numbers() {
        let mut text = String::new();
        for i in 0..100_000 {
            text.push_str(&format!("{i},\"a\nb\",x\n"));
        }
        let mut chunks = Chunks {
            reader: BufReader::new(text.as_bytes()),
            line: 1,
            carry: Vec::new(),
            done: false,
            name: "t".into(),
        };
        let mut joined = Vec::new();
        let mut lines = 1;
        let mut n = 0;
        while let Some((chunk, before)) = chunks.next().unwrap() {
            assert_eq!(before, lines);
            assert!(chunk.ends_with(b"x\n"), "whole records");
            lines += newlines(&chunk);
            joined.extend_from_slice(&chunk);
            n += 1;
        }
        assert!(n > 4, "{n} chunks");
        assert_eq!(joined, text.as_bytes());
    }
}

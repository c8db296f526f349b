//! The chunks handed to worker threads and their results taken back in input order; or, with
//! `--strict` or one CPU, read one after another on this thread.

use std::io::Read;
use std::sync::mpsc;

use super::rows::{Done, Job};
use crate::input::{Chunks, Piece};

/// More threads than this gain nothing: writing the output in order becomes the limit.
const MAX_WORKERS: usize = 4;

/// Reads every piece from `first` on, and hands each piece's result to `deliver`, in order.
/// `strict` stops at the first bad row, so it reads no further.
pub(super) fn run<'a, R: Read>(
    job: &Job<'a>,
    first: Option<Piece>,
    chunks: &mut Chunks<R>,
    strict: bool,
    deliver: &mut dyn FnMut(Done<'a>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_WORKERS);
    if workers > 1 && !strict {
        return parallel(job, first, chunks, workers, deliver);
    }
    let mut worker = job.worker();
    let mut next = first;
    while let Some(chunk) = next {
        let done = job.piece(&mut worker, &chunk)?;
        let stop = done.stop.is_some();
        deliver(done)?;
        next = if stop { None } else { chunks.next()? };
    }
    Ok(())
}

/// Chunk `k` goes to worker `k % n` and each worker answers in order, so the outputs are
/// written back in input order with no more than two chunks per worker in flight.
fn parallel<'a, R: Read>(
    job: &Job<'a>,
    first: Option<Piece>,
    chunks: &mut Chunks<R>,
    workers: usize,
    deliver: &mut dyn FnMut(Done<'a>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    std::thread::scope(|scope| {
        let (mut to, mut from) = (Vec::new(), Vec::new());
        for _ in 0..workers {
            let (chunk_tx, chunk_rx) = mpsc::channel::<Piece>();
            let (done_tx, done_rx) = mpsc::channel();
            scope.spawn(move || {
                let mut worker = job.worker();
                for chunk in chunk_rx {
                    if done_tx.send(job.piece(&mut worker, &chunk)).is_err() {
                        break;
                    }
                }
            });
            to.push(chunk_tx);
            from.push(done_rx);
        }
        let window = 2 * workers;
        let mut receive = |k: usize| -> anyhow::Result<()> {
            let done: anyhow::Result<Done> =
                from[k % workers].recv().map_err(|_| anyhow::anyhow!("a batch worker stopped"))?;
            deliver(done?)
        };
        let (mut sent, mut next) = (0, first);
        while let Some(chunk) = next {
            if sent >= window {
                receive(sent - window)?;
            }
            // A worker gone means its result says why; that is read in order below.
            let _ = to[sent % workers].send(chunk);
            sent += 1;
            next = chunks.next()?;
        }
        (sent.saturating_sub(window)..sent).try_for_each(receive)
    })
}

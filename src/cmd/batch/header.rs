//! The columns, read from the first chunk: a CSV header, or the keys of the first JSON
//! object.

use super::json;
use super::layout::Layout;
use super::mapping::Mapping;
use super::problem::Problem;
use crate::input::record::{self, Record};
use crate::input::{Chunks, InputFormat, Piece, Records};

/// Reads the columns from the first chunk: a CSV header (taken off the chunk, with the
/// number of lines it took), or the keys of the first JSON object (whose line stays, as
/// the first row). `None` when the chunk holds nothing but blank space.
pub(crate) fn read(
    input: InputFormat,
    chunk: &mut Vec<u8>,
    mapping: &Mapping,
) -> anyhow::Result<Option<(Layout, u64)>> {
    if input == InputFormat::Jsonl {
        let mut lines =
            chunk.split(|&b| b == b'\n').map(<[u8]>::trim_ascii).filter(|l| !l.is_empty()).peekable();
        if lines.peek().is_none() {
            return Ok(None);
        }
        // A line before the first object (broken JSON, an array) names no columns: it is its
        // row's error, like any bad line, and the rows after it keep their columns.
        let keys = lines.find_map(json::keys).unwrap_or_default();
        return Ok(Some((Layout::mapped(keys, true, mapping)?, 0)));
    }
    let (mut parser, mut header) = (csv_core::Reader::new(), Record::default());
    let mut records = Records::new(chunk, &mut parser);
    let (start, mut taken) = loop {
        match records.next(&mut parser, &mut header) {
            None => return Ok(None),
            Some((start, end)) if !header.blank(&chunk[start..end]) => break (start, end),
            Some(_) => {}
        }
    };
    if taken == chunk.len() && record::open_quote(&mut parser, &chunk[start..]) {
        return Err(Problem::HeaderOpenQuote.into());
    }
    let mut names = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        let name = std::str::from_utf8(name).map_err(|_| Problem::HeaderNotUtf8 { column: i + 1 })?;
        // As given: ` years ` is matched as `years` (folded) but written with its spaces.
        names.push(name.to_string());
    }
    // Up to the header's line end, which stays: the rows' reader skips it as an empty line,
    // and takes no row's first bytes for a byte order mark (see `input::fast::record_end`).
    if let Some(b'\r' | b'\n') = chunk[..taken].last() {
        taken -= 1 + usize::from(chunk[..taken].ends_with(b"\r\n"));
    }
    let lines = record::line_ends(&chunk[..taken]);
    chunk.drain(..taken);
    Ok(Some((Layout::mapped(names, false, mapping)?, lines)))
}

/// The columns, from the first piece that holds any, with the lines before the first row and
/// that piece (the rows after the header), or the first piece itself when it is a JSON
/// object too long to read (the first row's error). No input at all has no rows, but still
/// the columns a row would have (the results), so a script reading the output finds its
/// header.
pub(crate) fn first<R: std::io::Read>(
    chunks: &mut Chunks<R>,
    input: InputFormat,
    mapping: &Mapping,
) -> anyhow::Result<(Layout, u64, Option<Piece>)> {
    let mut header_lines = 0;
    loop {
        match chunks.next()? {
            Some(Piece::Records(mut chunk)) => match read(input, &mut chunk, mapping)? {
                Some((layout, lines)) => {
                    return Ok((layout, header_lines + lines, Some(Piece::Records(chunk))));
                }
                None => header_lines += chunks.lines(&chunk),
            },
            Some(piece @ Piece::TooLong { .. }) if input == InputFormat::Jsonl => {
                return Ok((Layout::mapped(Vec::new(), true, mapping)?, header_lines, Some(piece)));
            }
            Some(Piece::TooLong { .. }) => return Err(Problem::HeaderTooLong.into()),
            None => return Ok((Layout::mapped(Vec::new(), true, mapping)?, header_lines, None)),
        }
    }
}

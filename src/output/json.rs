//! JSON and JSON Lines sinks: a JSON document is one array of the records (`[`, the
//! elements `,\n`-separated, `]`; `[]` for none), JSON Lines one object a line. A record given
//! as cells is an object of the columns' names to the cells as strings; batch's workers hand
//! over ready-made objects ([`Sink::rendered`]), one a line, and the sink frames them.

use std::io::Write;

use super::sink::Sink;

/// A JSON array of the records, one element a line.
pub(crate) struct JsonSink<W: Write> {
    w: W,
    columns: Vec<String>,
    elements: u64,
    /// Rendered rows framed, to be written at once.
    buf: Vec<u8>,
}

impl<W: Write> JsonSink<W> {
    pub(crate) fn new(w: W) -> Self {
        JsonSink { w, columns: Vec::new(), elements: 0, buf: Vec::new() }
    }

    /// One element's bytes, as they are, to `buf`: the bracket before the first, `,\n`
    /// before the others.
    fn element(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(if self.elements == 0 { b"[\n" } else { b",\n" });
        self.elements += 1;
        self.buf.extend_from_slice(bytes);
    }

    fn write_buf(&mut self) -> std::io::Result<()> {
        let result = self.w.write_all(&self.buf);
        self.buf.clear();
        result
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()> {
        self.columns = columns.iter().map(|c| c.to_string()).collect();
        Ok(())
    }
    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()> {
        let object = object(&self.columns, cells)?;
        self.element(&object);
        Ok(self.write_buf()?)
    }
    /// Objects, each on its own line (JSON Lines, as compact JSON never breaks a line).
    fn rendered(&mut self, rows: &[u8]) -> anyhow::Result<()> {
        // One write for them all: a chunk of rows is large enough to skip the writer's buffer.
        self.buf.reserve(rows.len() + 2);
        let mut from = 0;
        for end in memchr::memchr_iter(b'\n', rows) {
            self.element(&rows[from..end]);
            from = end + 1;
        }
        Ok(self.write_buf()?)
    }
    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(self.w.flush()?)
    }
    fn end(&mut self) -> anyhow::Result<()> {
        Ok(self.w.write_all(if self.elements == 0 { b"[]\n" } else { b"\n]\n" })?)
    }
}

/// JSON Lines: one object a line.
pub(crate) struct JsonlSink<W: Write> {
    w: W,
    columns: Vec<String>,
}

impl<W: Write> JsonlSink<W> {
    pub(crate) fn new(w: W) -> Self {
        JsonlSink { w, columns: Vec::new() }
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()> {
        self.columns = columns.iter().map(|c| c.to_string()).collect();
        Ok(())
    }
    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()> {
        let mut line = object(&self.columns, cells)?;
        line.push(b'\n');
        Ok(self.w.write_all(&line)?)
    }
    fn rendered(&mut self, rows: &[u8]) -> anyhow::Result<()> {
        Ok(self.w.write_all(rows)?)
    }
    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(self.w.flush()?)
    }
    fn end(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
}

/// The columns' names to the cells, in the columns' order, as one compact JSON object of
/// strings.
fn object(columns: &[String], cells: &[&str]) -> serde_json::Result<Vec<u8>> {
    struct Object<'c>(&'c [String], &'c [&'c str]);
    impl serde::Serialize for Object<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().zip(self.1))
        }
    }
    serde_json::to_vec(&Object(columns, cells))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_array_frames_its_rows_and_an_empty_one_is_two_brackets() {
        let mut out = Vec::new();
        let mut sink = JsonSink::new(&mut out);
        sink.begin(&["a"]).unwrap();
        sink.rendered(b"{\"a\":1}\n{\"a\":2}\n").unwrap();
        sink.rendered(b"").unwrap();
        sink.rendered(b"{\"a\":3}\n").unwrap();
        sink.end().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[\n{\"a\":1},\n{\"a\":2},\n{\"a\":3}\n]\n");
        let mut out = Vec::new();
        JsonSink::new(&mut out).end().unwrap();
        assert_eq!(out, b"[]\n");
    }
}

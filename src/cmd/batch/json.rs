//! JSON Lines in, JSON (Lines) out: a line's values read into a row's cells, keeping the
//! pass-through values as JSON; a row written as one object.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::error::Category;
use serde_json::value::RawValue;

use super::layout::{COLUMNS, Layout, RESULT_COLUMNS, misspelt, slot};
use super::record::Record;
use super::rows::{Job, OPTIONS, total_amounts};
use super::{Flaw, Problem};
use crate::model::Estimate;
use crate::render::TOTAL_COLUMNS;

/// A JSON Lines row's values, by column, as read (for pass-through values kept as JSON).
pub(super) type Raw<'r> = Option<&'r [Option<&'r RawValue>]>;

/// The columns an object names, in order; `None` for a line that is no object. A key given
/// again, or another name of a profile column already named (`location` after `city`), is no
/// new column: it makes that line's row bad, as it would on any other line ([`read_line`]),
/// and the run goes on.
pub(super) fn keys(line: &[u8]) -> Option<Vec<String>> {
    let keys = all_keys(line)?;
    let (mut seen, mut profile) = (HashSet::new(), [false; COLUMNS.len()]);
    let mut columns = Vec::with_capacity(keys.len());
    for key in keys {
        let new = match slot(&key) {
            Some(s) => !std::mem::replace(&mut profile[s], true),
            None => seen.insert(key.clone()),
        };
        if new {
            columns.push(key);
        }
    }
    Some(columns)
}

/// Every key of a line's object, in order, repeats included; `None` for a line that is no
/// object.
fn all_keys(line: &[u8]) -> Option<Vec<String>> {
    de::Deserializer::deserialize_map(&mut serde_json::Deserializer::from_slice(line), Keys).ok()
}

/// Collects the keys of a JSON object, in order.
struct Keys;

impl<'de> Visitor<'de> for Keys {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            keys.push(key);
        }
        Ok(keys)
    }
}

/// A JSON Lines or JSON row: the input's columns (strings, or with JSON Lines input the
/// pass-through values as they were), then the results (`null` for a bad row).
pub(super) struct JsonRow<'r, 'a> {
    pub job: &'r Job<'a>,
    pub record: &'r Record,
    pub raw: Raw<'r>,
    pub result: Result<&'r Estimate<'a>, &'r Flaw>,
}

impl Serialize for JsonRow<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let job = self.job;
        let mut map = s.serialize_map(None)?;
        for (i, name) in job.names.iter().enumerate() {
            match self.raw {
                Some(raw) if job.layout.passes(i) => map.serialize_entry(name, &raw[i])?,
                _ => map.serialize_entry(
                    name,
                    &String::from_utf8_lossy(self.record.get(i).unwrap_or_default()),
                )?,
            }
        }
        let none: Option<()> = None;
        match self.result {
            Ok(e) => {
                map.serialize_entry("level", job.level(e.placement))?;
                // As in CSV: `1`, not `1.0`.
                match e.multiplier {
                    m if m.fract() == 0.0 && m.abs() < 1e15 => {
                        map.serialize_entry("multiplier", &(m as i64))?
                    }
                    m => map.serialize_entry("multiplier", &m)?,
                }
                map.serialize_entry("low", &e.low)?;
                map.serialize_entry("mid", &e.mid)?;
                map.serialize_entry("high", &e.high)?;
                map.serialize_entry("currency", e.currency)?;
                map.serialize_entry("pay_year", &e.pay.year)?;
                map.serialize_entry("wage_factor", &e.pay.factor)?;
                map.serialize_entry("bands", &job.shared[2])?;
                if let Some(t) = e.total.as_ref().filter(|_| job.opts.total) {
                    for (name, amount) in TOTAL_COLUMNS.iter().zip(total_amounts(t)) {
                        match amount {
                            Some(amount) => map.serialize_entry(name, &amount)?,
                            None => map.serialize_entry(name, OPTIONS)?,
                        }
                    }
                }
                map.serialize_entry("error", &none)?;
            }
            Err(flaw) => {
                let totals = if job.opts.total { &TOTAL_COLUMNS[..] } else { &[] };
                for name in RESULT_COLUMNS[..RESULT_COLUMNS.len() - 1].iter().chain(totals) {
                    map.serialize_entry(name, &none)?;
                }
                map.serialize_entry("error", &flaw.message)?;
            }
        }
        map.end()
    }
}

/// A JSON value as a cell: a string's text, a number as written, `null` as empty; `None` for
/// `true`, `false`, an object or an array (which a profile value cannot be).
fn cell_text(value: &RawValue) -> Option<Cow<'_, str>> {
    let raw = value.get();
    match raw.as_bytes().first()? {
        b'"' => serde_json::from_str::<&str>(raw)
            .map(Cow::Borrowed)
            .or_else(|_| serde_json::from_str::<String>(raw).map(Cow::Owned))
            .ok(),
        b'n' => Some(Cow::Borrowed("")),
        b'-' | b'0'..=b'9' => Some(Cow::Borrowed(raw)),
        _ => None,
    }
}

/// Reads one JSON Lines object: each key's value into its column's slot, and each slot's text
/// into `record` (a value that is no text, like an array, as its JSON). A key that is no
/// column, or a profile value that is no text, makes the row bad; the rest is still read.
pub(super) fn read_line<'b>(
    line: &'b [u8],
    layout: &Layout,
    slots: &mut [Option<&'b RawValue>],
    record: &mut Record,
) -> Result<(), Problem> {
    slots.fill(None);
    let (mut unknown, mut repeated) = (None, None);
    let mut de = serde_json::Deserializer::from_slice(line);
    let object = Object { layout, slots: &mut *slots, unknown: &mut unknown, repeated: &mut repeated };
    let mut shape = match object.deserialize(&mut de).and_then(|()| de.end()) {
        Err(e) => {
            slots.fill(None);
            Err(match line.first() {
                Some(&first) if e.classify() == Category::Data && first != b'{' => {
                    Problem::NotObject { what: kind(first) }
                }
                // `{...}\r{...}`: serde_json reads past the `\r` as blank space.
                _ if e.classify() == Category::Syntax
                    && line
                        .split(|&b| b == b'\r')
                        .skip(1)
                        .any(|next| next.trim_ascii().starts_with(b"{")) =>
                {
                    Problem::CrLines
                }
                _ => Problem::Json(e),
            })
        }
        Ok(()) => match (repeated, unknown) {
            (Some(column), _) => Err(repeated_key(line, layout, column)),
            (None, Some(key)) => Err(Problem::UnknownKey { suggestion: misspelt(&key), key }),
            (None, None) => Ok(()),
        },
    };
    record.clear();
    for (i, slot) in slots.iter().enumerate() {
        let Some(value) = slot else {
            record.push_field(b"");
            continue;
        };
        match cell_text(value) {
            Some(text) => record.push_field(text.as_bytes()),
            None => {
                if !layout.passes(i) && shape.is_ok() {
                    shape =
                        Err(Problem::NotText { column: layout.names[i].clone(), value: value.get().into() });
                }
                record.push_field(value.get().as_bytes());
            }
        }
    }
    shape
}

/// What a JSON value that starts with `first` is, for a message.
fn kind(first: u8) -> &'static str {
    match first {
        b'[' => "an array",
        b'"' => "a string",
        b't' | b'f' => "a boolean",
        b'n' => "null",
        _ => "a number",
    }
}

/// The two keys of `line` that name `column` (found again only for a bad line).
fn repeated_key(line: &[u8], layout: &Layout, column: usize) -> Problem {
    let mut keys = all_keys(line).unwrap_or_default().into_iter().filter(|k| layout.index(k) == Some(column));
    let first = keys.next().unwrap_or_default();
    let second = keys.next().unwrap_or_else(|| first.clone());
    Problem::RepeatedKey { first, second }
}

struct Object<'s, 'b> {
    layout: &'s Layout,
    slots: &'s mut [Option<&'b RawValue>],
    unknown: &'s mut Option<String>,
    /// The first column given twice: the first value is kept (the row is bad anyway).
    repeated: &'s mut Option<usize>,
}

impl<'b> DeserializeSeed<'b> for Object<'_, 'b> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'b>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'b> Visitor<'b> for Object<'_, 'b> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'b>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(column) = map.next_key_seed(Key(self.layout))? {
            let value: &'b RawValue = map.next_value()?;
            match column {
                Ok(i) if self.slots[i].is_some() => drop(self.repeated.get_or_insert(i)),
                Ok(i) => self.slots[i] = Some(value),
                Err(key) => drop(self.unknown.get_or_insert(key)),
            }
        }
        Ok(())
    }
}

/// A key to its column, without allocating; the key itself when it is no column.
struct Key<'s>(&'s Layout);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Result<usize, String>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a column name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.index(key).ok_or_else(|| key.to_string()))
    }
}

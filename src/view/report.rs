//! What every HTML report shares: the verdict's tone, the sources a record cites, the footer.
//! The records' own pages (`estimate`, `offer`, `market`, `compare`, `whatif`, `summary`) build
//! on these; `output::html` writes them.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::review::Verdict;
use crate::output::html::{Block, Source, Tone, version_line};
use crate::tables::Tables;

/// A verdict's tone on a page (its word is always beside it).
pub(crate) fn tone(v: Verdict) -> Tone {
    match v {
        Verdict::Below => Tone::Below,
        Verdict::Within => Tone::Within,
        Verdict::Above => Tone::Above,
    }
}

/// Every source key a record's JSON cites in a `source` field (`S29`, `S9, S11`, `A`).
pub(crate) fn cited_keys<R: Serialize>(records: &[R]) -> BTreeSet<String> {
    fn walk(v: &serde_json::Value, keys: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        serde_json::Value::String(s) if k == "source" => keys.extend(
                            s.split([',', ';', ' '])
                                .map(str::trim)
                                .filter(|k| !k.is_empty())
                                .map(String::from),
                        ),
                        _ => walk(v, keys),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, keys)),
            _ => {}
        }
    }
    let mut keys = BTreeSet::new();
    for r in records {
        if let Ok(v) = serde_json::to_value(r) {
            walk(&v, &mut keys);
        }
    }
    keys
}

/// The sources block: each cited key with its citation, in the tables' order, then the market
/// data's own citations when the page shows survey or BLS figures.
pub(crate) fn sources(tables: &Tables, keys: &BTreeSet<String>, survey: bool, bls: bool) -> Block {
    let mut list: Vec<Source> = tables
        .sources
        .iter()
        .filter(|(k, _)| keys.contains(k.as_ref() as &str))
        .map(|(k, c)| Source { key: k.to_string(), citation: c.to_string(), url: None })
        .collect();
    // `S6` before `S12`, as `mlsal list sources` orders them.
    list.sort_by_key(|s| {
        let digits = s.key.trim_start_matches(|c: char| !c.is_ascii_digit());
        (s.key[..s.key.len() - digits.len()].to_string(), digits.parse::<u64>().ok())
    });
    if survey {
        let s = &tables.market.survey;
        list.push(Source {
            key: "survey".into(),
            citation: format!("{} ({})", s.source, s.licence),
            url: None,
        });
    }
    if bls {
        let b = &tables.market.bls;
        list.push(Source { key: "BLS".into(), citation: format!("{} ({})", b.source, b.licence), url: None });
    }
    Block::Sources(list)
}

/// The footer lines: which mlsal made the page, and that the figures are estimates.
pub(crate) fn footer() -> Vec<String> {
    vec![
        version_line(),
        "Estimates from published figures, each cited above; not an offer, not advice.".to_string(),
    ]
}

/// A roll-up whose text is its table (the pay-equity check, a raise budget) as a page: the
/// text's heading as the lead, the roll-up's `table`, then the text below its heading,
/// aligned as the terminal shows it.
pub(crate) fn text_page(
    title: &str,
    text: &[u8],
    table: crate::output::html::Table,
) -> anyhow::Result<crate::output::html::Page> {
    use crate::output::html::{Block, Page};
    let text = String::from_utf8_lossy(text);
    let mut page = Page { title: title.into(), footer: footer(), ..Page::default() };
    let mut lines = text.lines();
    page.blocks.push(Block::Lead(lines.next().unwrap_or_default().to_string(), None));
    page.blocks.push(Block::Table(table));
    let rest: Vec<&str> = lines.skip_while(|l| l.trim().is_empty()).collect();
    page.blocks.push(Block::Heading("As the terminal shows it".into()));
    page.blocks.push(Block::Pre(rest.join("\n")));
    Ok(page)
}

//! How an estimate looks in each format: the JSON fields (a stable contract, see docs/GUIDE.md),
//! the CSV columns and the text block with its factor breakdown.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::market::SURVEY_YEAR;
use crate::model::pay::Total;
use crate::model::wages::PayYear;
use crate::model::{Bound, Estimate, Placement, edge, round4};
use crate::output::{Cell, Paint, Record, Rows, Style, Table, money};
use crate::tables::currency::{BASE, Currency};
use crate::tables::market::Basis;
use crate::tables::{Factor, Tables};
use crate::view::market::group_words;
use crate::view::words::{band_years, level_name, num, pay_label, provisional, times};

mod html;
mod json;
mod row;

pub(crate) use self::json::TotalJson;

/// An estimate together with the tables it was computed from (for level names and labels).
#[derive(Clone, Debug)]
pub(crate) struct Shown<'a> {
    pub tables: &'a Tables,
    pub est: Estimate<'a>,
}

/// The CSV/TSV columns of an estimate; other commands put their own columns first.
pub const ESTIMATE_COLUMNS: [&str; 17] = [
    "level",
    "years",
    "location",
    "education",
    "specialization",
    "industry",
    "company_size",
    "multiplier",
    "capped",
    "low",
    "mid",
    "high",
    "open_ended",
    "currency",
    "pay_year",
    "wage_factor",
    "bands",
];

/// The CSV/TSV columns added by `--total`; equity columns say `options` for unvalued options.
pub(crate) const TOTAL_COLUMNS: [&str; 8] = [
    "bonus_low",
    "bonus_high",
    "equity_low",
    "equity_high",
    "equity_options",
    "total_low",
    "total_mid",
    "total_high",
];

/// [`ESTIMATE_COLUMNS`], then [`TOTAL_COLUMNS`] when the estimates were made with `--total`.
pub(crate) fn estimate_columns(with_total: bool) -> Vec<&'static str> {
    let mut columns = ESTIMATE_COLUMNS.to_vec();
    if with_total {
        columns.extend(TOTAL_COLUMNS);
    }
    columns
}

impl Shown<'_> {
    /// The rate used, when the amounts are not US dollars.
    pub(crate) fn exchange(&self) -> Option<&Currency> {
        (self.est.currency != BASE).then(|| self.tables.currencies.find(self.est.currency)).flatten()
    }

    /// `£196,000 – £262,000+`: the total range, with `+` on an open top.
    fn total_range(&self, t: &Total) -> String {
        let e = &self.est;
        let open = if e.open_ended { "+" } else { "" };
        format!("{} – {}{open}", money(t.total[0], e.currency), money(t.total[2], e.currency))
    }

    /// The `--total` rows of one estimate: bonus, equity and total, with their source.
    fn total_rows(&self, t: &Total, table: &mut Table, style: &Style) {
        let cur = self.est.currency;
        let amounts = |[lo, hi]: [i64; 2]| format!("{} – {}", money(lo, cur), money(hi, cur));
        let mut sources: Vec<&str> = t.rows.iter().map(|r| r.source.as_ref()).collect();
        sources.dedup();
        let confidence = t.rows[0].confidence.as_str();
        let pct = format!("{}% of base", num(round4(t.bonus_pct)));
        let cite = style.dim(&format!("{} ({confidence} confidence)", sources.join("; ")));
        let (equity, what) = match (t.equity, t.equity_share) {
            (Some(q), Some(share)) => (amounts(q), format!("{} of base/yr", times(round4(share)))),
            _ => ("unvalued options".to_string(), "not counted".to_string()),
        };
        if t.in_gross {
            let held = "in the gross salary: the survey's pay holds it, so none is added";
            table.row_with_tail(["bonus".to_string(), "included".to_string()], style.dim(held));
        } else {
            table.row_with_tail(["bonus".to_string(), amounts(t.bonus), pct], cite);
        }
        table.row_with_tail(["equity".to_string(), equity], what);
        let note = match (t.in_gross, t.equity.is_none()) {
            (true, true) => ", gross only",
            (true, false) => ", gross + equity",
            (false, true) => ", base + bonus only",
            (false, false) => "",
        };
        let mid = style.dim(&format!("(mid {}{note})", money(t.total[1], cur)));
        table.row_with_tail(["total"], format!("{}  {mid}", style.good(&self.total_range(t))));
    }

    /// The exchange-rate line, when the amounts are not US dollars.
    fn write_exchange(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let Some(c) = self.exchange() else { return Ok(()) };
        let mut table = label_table().min_width(1, 21);
        table.row([
            Cell::from("exchange rate"),
            Cell::from(format!("1 USD = {} {}", self.est.rate, c.code)),
            Cell::new(format!("{}, {}", c.as_of, c.source), Paint::Dim),
        ]);
        table.write(w, style)
    }

    /// `mid level, 4 years; San Francisco, CA; PhD / doctorate`: the level (when asked), the
    /// location, then every factor that is not its table's neutral default.
    pub(crate) fn profile_text(&self, with_level: bool) -> String {
        let (tables, e) = (self.tables, &self.est);
        let mut parts = Vec::new();
        if with_level {
            parts.push(match e.years {
                Some(y) => format!("{} level, {} years", level_name(tables, e.placement), num(y)),
                None => format!("{} level", level_name(tables, e.placement)),
            });
        }
        for (f, entry) in Factor::ALL.iter().zip(e.factors) {
            if *f == Factor::Location || entry.key != tables.factor(*f).default_entry().key {
                parts.push(entry.label.to_string());
            }
        }
        parts.join("; ")
    }

    /// The bands this estimate was priced from.
    pub(crate) fn basis(&self) -> Basis {
        self.tables.bands.basis
    }

    /// `base salary` on the article's bands; `gross salary` on the survey's, whose `salary` is
    /// the total gross amount paid, as reported.
    pub(crate) fn salary_words(&self) -> &'static str {
        crate::view::words::salary_words(self.basis())
    }

    /// Where the edge of the data held the estimate, in words (the text of `estimate`, `offer`
    /// and `market` say it); `None` where it did not.
    pub(crate) fn edge_note(&self) -> Option<String> {
        let e = &self.est;
        if e.bound != Some(Bound::Edge) {
            return None;
        }
        let (country, group) = edge::whose(
            self.tables,
            e.factors[Factor::Specialization.index()],
            e.factors[Factor::Location.index()].country.as_deref(),
            e.placement,
        );
        Some(format!(
            "at the edge of the data: the factors multiply to {}, but beside location they lift the band's mid at most to the survey's p90 of this level ({country} {}, {SURVEY_YEAR})",
            times(e.raw_multiplier),
            group_words(group),
        ))
    }

    /// `USD (article bands)`: the currency and the bands, for a text header.
    pub(crate) fn header_basis(&self) -> String {
        format!("{} ({} bands)", self.est.currency, self.basis().as_str())
    }

    /// `$180,000 – $240,000`, with `+` on an open top.
    pub(crate) fn range(&self) -> String {
        let e = &self.est;
        format!(
            "{} – {}{}",
            money(e.low, e.currency),
            money(e.high, e.currency),
            if e.open_ended { "+" } else { "" }
        )
    }

    /// The experience line: what band, and why.
    fn experience(&self) -> String {
        let e = &self.est;
        let bands = &self.tables.bands.bands;
        match (e.placement, e.years) {
            (Placement::Band(i), Some(y)) => match self.basis() {
                Basis::Article => format!(
                    "{} level ({} years; the article's band for {})",
                    bands[i].level,
                    num(y),
                    band_years(&bands[i])
                ),
                Basis::Market => format!(
                    "{} level ({} years; the survey's {} band, at the article's {})",
                    bands[i].level,
                    num(y),
                    bands[i].level,
                    band_years(&bands[i])
                ),
            },
            (Placement::Band(i), None) => format!("{} level ({})", bands[i].level, band_years(&bands[i])),
            (Placement::Blend { lower, weight }, y) => format!(
                "between {} and {} ({} years: the article has no band from {} to {} years, so the two are blended {}% of the way)",
                bands[lower].level,
                bands[lower + 1].level,
                y.map(num).unwrap_or_default(),
                num(bands[lower].to_years),
                num(bands[lower + 1].from_years),
                // Years have four decimals and the gap is a year or more, so two decimals of a
                // percent are exact: 2.004 years is 0.4% of the way, not "0%".
                num((weight * 10_000.0).round() / 100.0)
            ),
        }
    }

    /// The factor breakdown and combined multiplier, shared by one or many estimates of a profile.
    /// The base band's row: the band in US dollars; market bands say which survey cell they are.
    fn base_row(&self, table: &mut Table, style: &Style) {
        let e = &self.est;
        let base = format!(
            "{} – {}{}",
            money(e.base_low.round() as i64, "USD"),
            money(e.base_high.round() as i64, "USD"),
            if e.open_ended { "+" } else { "" }
        );
        let note = match (self.basis(), e.placement) {
            (Basis::Market, Placement::Band(i)) => {
                let country = e.factors[Factor::Location.index()].country.as_deref();
                self.tables.bands.for_country(country, i).0.note.as_deref()
            }
            _ => None,
        };
        match note {
            Some(note) => table.row_with_tail(["base band"], format!("{base}  {}", style.dim(note))),
            None => table.row_with_tail(["base band"], base),
        }
    }

    fn factor_rows(&self, table: &mut Table, style: &Style) {
        let e = &self.est;
        // The year's factor shares the column, so it counts for the decimals too.
        let pay = e.pay.adjusted().then_some(e.pay.factor);
        // The year first: it applies to the band, before the factors.
        if let Some(factor) = pay {
            let confidence = e.pay.changes.iter().map(|c| c.confidence).max().map_or("", |c| c.as_str());
            table.row([
                Cell::from(pay_label(&e.pay)),
                Cell::from(format!("{} figures", e.pay.from)),
                Cell::from(times(factor)),
                Cell::new(
                    format!(
                        "{}, {} ({confidence} confidence{})",
                        e.pay.series,
                        e.pay.sources(),
                        provisional(&e.pay)
                    ),
                    Paint::Dim,
                ),
            ]);
        }
        for (f, entry) in Factor::ALL.iter().zip(e.factors) {
            table.row([
                Cell::from(f.name().replace('_', " ")),
                Cell::from(entry.label.as_ref()),
                Cell::from(times(entry.multiplier)),
                Cell::new(format!("{} ({} confidence)", entry.source, entry.confidence.as_str()), Paint::Dim),
            ]);
        }
        let combined = match e.bound {
            None => times(e.multiplier),
            Some(Bound::Edge) => {
                format!("{}  {}", times(e.multiplier), style.warn(&self.edge_note().unwrap_or_default()))
            }
            Some(b) => format!(
                "{}  {}",
                times(e.multiplier),
                style.warn(&format!(
                    "held to the {} of model.toml: the factors multiply to {}",
                    b.as_str(),
                    times(e.raw_multiplier)
                )),
            ),
        };
        table.row_with_tail(["combined", ""], combined);
    }
}

/// The table of label-and-value lines under an estimate: labels (`location`, `exchange
/// rate`) in a column of 15, one space before the values.
fn label_table() -> Table {
    Table::new().min_width(0, 15).gap_after(0, " ")
}

/// The factors' table: labels, then names of at least 10 columns, then multipliers of 7.
fn factor_table() -> Table {
    label_table().min_width(1, 10).min_width(2, 7)
}

impl Record for Shown<'_> {
    /// The estimate's JSON has its `data`.
    const OWN_DATA: bool = true;

    fn page(records: &[Self]) -> anyhow::Result<crate::output::html::Page> {
        Shown::report(records)
    }

    fn columns() -> Vec<&'static str> {
        ESTIMATE_COLUMNS.to_vec()
    }

    fn columns_for(records: &[Self]) -> Vec<&'static str> {
        estimate_columns(records.iter().any(|r| r.est.total.is_some()))
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        out.row(self.row())
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let Some(first) = records.first() else { return Ok(()) };
        let currency = first.est.currency;
        if let [one] = records {
            let e = &one.est;
            writeln!(
                w,
                "{}",
                style.bold(&format!(
                    "ML engineer {}, {}, {}: {}",
                    one.salary_words(),
                    pay_label(&e.pay),
                    one.header_basis(),
                    one.experience()
                ))
            )?;
            writeln!(w)?;
            let mut factors = factor_table();
            one.base_row(&mut factors, style);
            one.factor_rows(&mut factors, style);
            factors.write(w, style)?;
            one.write_exchange(w, style)?;
            writeln!(w)?;
            // One column for bonus and equity, however wide the currency makes them (¥28,908,000).
            let mut result = label_table().min_width(1, 21).min_width(2, 17);
            let mid = style.dim(&format!("(mid {})", money(e.mid, currency)));
            result.row_with_tail(["estimate"], format!("{}  {mid}", style.good(&one.range())));
            if let Some(t) = &e.total {
                one.total_rows(t, &mut result, style);
            }
            return result.write(w, style);
        }
        writeln!(
            w,
            "{}",
            style.bold(&format!(
                "ML engineer {} by level, {}, {}",
                first.salary_words(),
                pay_label(&first.est.pay),
                first.header_basis()
            ))
        )?;
        writeln!(w)?;
        let mut factors = factor_table();
        first.factor_rows(&mut factors, style);
        factors.write(w, style)?;
        first.write_exchange(w, style)?;
        writeln!(w)?;
        let mut levels = Table::new();
        for r in records {
            let name = level_name(r.tables, r.est.placement);
            let years = match (r.est.placement, r.est.years) {
                (_, Some(y)) => format!("{} years", num(y)),
                (Placement::Band(i), None) => band_years(&r.tables.bands.bands[i]),
                (Placement::Blend { .. }, None) => String::new(),
            };
            let total = r.est.total.as_ref().map_or_else(String::new, |t| {
                let options = if t.equity.is_none() { " + unvalued options" } else { "" };
                format!("total {}{options}", r.total_range(t))
            });
            levels.row([
                Cell::from(name),
                Cell::from(years),
                Cell::new(r.range(), Paint::Good),
                Cell::new(format!("mid {}", money(r.est.mid, currency)), Paint::Dim),
                Cell::new(total, Paint::Dim),
            ]);
        }
        levels.write(w, style)
    }
}

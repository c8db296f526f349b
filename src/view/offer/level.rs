//! An offer's approximate OEWS wage level (I-IV) for an occupation in a US area, the four
//! thresholds and the H-1B lottery entries, in text, JSON and CSV/TSV (`model::levels`).

use std::io::{self, Write};

use serde::Serialize;

use super::money_exact;
use crate::model::levels::{self, LevelsFor, Status};
use crate::output::{Style, money, pad};
use crate::tables::Tables;
use crate::view::market::wrap;

/// The CSV/TSV columns an offer's level adds, after every other column.
pub(crate) const LEVEL_COLUMNS: [&str; 7] =
    ["wage_level", "wage_level_soc", "lottery_entries", "level_1", "level_2", "level_3", "level_4"];

/// The level of one offer's salary.
pub(crate) struct WageLevel<'a> {
    pub levels: LevelsFor<'a>,
    /// 0 below Level I, else 1-4; `None` without thresholds, or for an amount of total pay.
    pub level: Option<u8>,
    /// The salary in US dollars, at the tables' rate.
    pub usd: f64,
    /// The salary as given, and its currency.
    pub amount: f64,
    pub currency: &'a str,
    /// The amount is total pay (`--total` without parts): not a wage to level.
    pub total: bool,
    /// The release and the rule's caveats.
    pub release: &'a str,
}

impl<'a> WageLevel<'a> {
    pub(crate) fn new(
        tables: &'a Tables,
        levels: LevelsFor<'a>,
        level: Option<u8>,
        (amount, rate, currency): (f64, f64, &'a str),
        total: bool,
    ) -> WageLevel<'a> {
        let release = tables.market.levels.as_ref().map_or("May 2025", |l| l.release.as_ref());
        WageLevel { levels, level, usd: amount / rate, amount, currency, total, release }
    }

    fn status(&self) -> &'static str {
        match self.levels.status {
            Status::Found(_) if self.total => "total_pay",
            Status::Found(_) => "found",
            Status::Abroad => "abroad",
            Status::NotReleased => "not_released",
            Status::NotComputable => "not_computable",
            Status::NoData => "no_data",
        }
    }

    /// The caveats, said wherever a level is.
    pub(crate) fn caveat(&self) -> String {
        format!(
            "approximate: computed from BLS OEWS {} percentiles and mean (Level I about the 17th percentile, Level III the mean); the official levels are the DOL's for each wage year (July-June); the employer picks the occupation code (--soc {}); {} wages, not moved by --as-of; not legal advice",
            self.release,
            levels::OCCUPATIONS.map(|(c, ..)| c).join(" | "),
            self.release
        )
    }

    /// `$8,430 more reaches Level III: 3 lottery entries instead of 2`; `None` at Level IV.
    pub(crate) fn next_text(&self) -> Option<String> {
        let row = self.levels.row()?;
        self.level?;
        let (next, more) = levels::to_next(&row.levels, self.usd)?;
        let more = more.ceil();
        let shown = if self.currency == "USD" {
            money(more as i64, "USD")
        } else {
            let rate = self.amount / self.usd;
            format!("{} ({})", money_exact((more * rate).ceil(), self.currency), money(more as i64, "USD"))
        };
        let now = match next - 1 {
            0 => "none".to_string(),
            n => n.to_string(),
        };
        let entries =
            if next == 1 { "1 lottery entry".to_string() } else { format!("{next} lottery entries") };
        // Within 5% of the salary: worth a word.
        let close = if more <= 0.05 * self.usd { "close: " } else { "" };
        Some(format!("{close}{shown} more reaches Level {}: {entries} instead of {now}", levels::name(next)))
    }

    /// The lines of the text, each unwrapped.
    pub(crate) fn lines(&self) -> Vec<String> {
        let soc = self.levels.soc;
        let occupation = format!("{} ({soc})", levels::title(soc));
        let area = self.levels.area.unwrap_or("this location");
        match (self.levels.status, self.level) {
            (Status::Abroad, _) => vec!["no OEWS level outside the US".to_string()],
            (Status::NotReleased, _) => {
                vec![format!("none: BLS did not release {occupation} wages for {area} ({})", self.release)]
            }
            (Status::NotComputable, _) => vec![format!(
                "none: the BLS figures for {occupation} in {area} give no levels by the rule (p10 = p90)"
            )],
            (Status::NoData, _) => vec![format!("none: the market table has no wage levels for {area}")],
            (Status::Found(_), None) => vec![
                "none: with --total AMOUNT is total pay, and a level is of the base wage offered".to_string(),
            ],
            (Status::Found(r), Some(level)) => {
                let converted = if self.currency == "USD" {
                    String::new()
                } else {
                    format!(
                        " ({} = {} at the tables' rate)",
                        money_exact(self.amount, self.currency),
                        money(self.usd.round() as i64, "USD")
                    )
                };
                let what = match level {
                    0 => "below Level I: no lottery entry (under the lowest prevailing wage for this occupation and area)".to_string(),
                    1 => "Level I: 1 lottery entry".to_string(),
                    n => format!("Level {}: {n} lottery entries", levels::name(n)),
                };
                let [a, b, c, d] = r.levels.map(|x| money(x, "USD"));
                let mut lines = vec![
                    format!("{what}, as {occupation} in {area}{converted}"),
                    format!("thresholds I {a}, II {b}, III {c}, IV {d} a year"),
                ];
                lines.extend(self.next_text());
                lines
            }
        }
    }

    pub(crate) fn write(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let indent = " ".repeat(12);
        let mut first = true;
        for line in self.lines() {
            for l in wrap(&line, &indent) {
                let head = if first { format!("  {} ", pad("H-1B", 9)) } else { indent.clone() };
                writeln!(w, "{head}{}", l.trim_start())?;
                first = false;
            }
        }
        if !matches!(self.levels.status, Status::Abroad) {
            for l in wrap(&self.caveat(), &indent) {
                writeln!(w, "{}", style.dim(&l))?;
            }
        }
        Ok(())
    }

    pub(crate) fn row(&self) -> LevelRow {
        let row = self.levels.row();
        let level = self.level.filter(|_| row.is_some());
        let t = |i: usize| row.map(|r| r.levels[i]);
        LevelRow {
            wage_level: level.map(levels::name),
            wage_level_soc: level.map(|_| self.levels.soc),
            lottery_entries: level.map(levels::entries),
            level_1: t(0),
            level_2: t(1),
            level_3: t(2),
            level_4: t(3),
        }
    }

    pub(crate) fn json(&self) -> LevelJson<'_> {
        let row = self.levels.row();
        let level = self.level.filter(|_| row.is_some());
        let next = row.zip(level).and_then(|(r, _)| levels::to_next(&r.levels, self.usd));
        LevelJson {
            status: self.status(),
            soc: self.levels.soc,
            occupation: levels::title(self.levels.soc),
            area_name: self.levels.area,
            level: level.map(levels::name),
            lottery_entries: level.map(levels::entries),
            amount_usd: (self.usd * 100.0).round() / 100.0,
            thresholds_usd: row.map(|r| r.levels),
            next: next.map(|(l, more)| NextJson {
                level: levels::name(l),
                lottery_entries: l,
                more_usd: more.ceil(),
            }),
            release: self.release,
            note: if matches!(self.levels.status, Status::Abroad) {
                "no OEWS level outside the US".to_string()
            } else {
                self.caveat()
            },
        }
    }
}

/// An offer's [`LEVEL_COLUMNS`]: empty without a level.
#[derive(Serialize)]
pub(crate) struct LevelRow {
    wage_level: Option<&'static str>,
    wage_level_soc: Option<&'static str>,
    lottery_entries: Option<u8>,
    level_1: Option<i64>,
    level_2: Option<i64>,
    level_3: Option<i64>,
    level_4: Option<i64>,
}

#[derive(Serialize)]
pub(crate) struct NextJson {
    level: &'static str,
    lottery_entries: u8,
    more_usd: f64,
}

/// An offer's `wage_level` object.
#[derive(Serialize)]
pub(crate) struct LevelJson<'r> {
    /// `found`, `abroad`, `not_released`, `not_computable`, `no_data` or `total_pay`.
    status: &'static str,
    soc: &'static str,
    occupation: &'static str,
    area_name: Option<&'r str>,
    /// `below I`, `I`, `II`, `III`, `IV`; null without a level.
    level: Option<&'static str>,
    lottery_entries: Option<u8>,
    amount_usd: f64,
    /// Levels I-IV, whole US dollars a year.
    thresholds_usd: Option<[i64; 4]>,
    next: Option<NextJson>,
    release: &'r str,
    note: String,
}

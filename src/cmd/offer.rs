//! `mlsal offer AMOUNT`: where an offer sits against the estimate for a profile.
//!
//! The amount is read in the output currency and compared with the estimate's numbers as
//! printed (after rounding and any conversion), so what the text says matches what it shows.
//! An offer below the range is an answer, not an error: the exit status is 0.

use std::io::{self, Write};

use serde::Serialize;

use crate::cli::OfferArgs;
use crate::cmd::Ctx;
use crate::error::Error;
use crate::model::amount::{self, FORMS};
use crate::model::estimate;
use crate::model::market::{self, Standing};
use crate::model::review::{self, Review, Verdict};
use crate::output::{Cell, Paint, Record, Shape, Style, Table, emit, money, pad, thousands};
use crate::render::{ESTIMATE_COLUMNS, Shown, estimate_columns, level_name, num, pay_label, pay_note};
use crate::render_market::{
    self, StandingJson, group_words, rank_short, standing_lines, survey_fields, wrap,
};
use crate::tables::Factor;

pub fn run(args: &OfferArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    let typed = amount::parse(&args.amount, MAX_AMOUNT).map_err(|b| bad_amount(&args.amount, b, ""))?;
    let spec = args.profile.spec();
    let profile = spec.resolve(ctx.tables)?;
    let opts = ctx.options(&args.output)?;
    let tables = ctx.tables;
    let profiles = if spec.has_experience() {
        vec![profile]
    } else {
        (0..tables.bands.bands.len()).map(|i| profile.with_level(i)).collect()
    };
    let estimates: Vec<_> = profiles.iter().map(|p| estimate(tables, p, &opts)).collect();
    // In the results' currency: `--currency`, or with `local` the location's.
    let currency = estimates.first().map_or(opts.currency, |e| e.currency);
    let amount = typed.read_in(currency).map_err(|b| bad_amount(&args.amount, b, currency))?;
    let offers: Vec<Offer> =
        estimates.into_iter().map(|est| Offer::new(amount, Shown { tables, est })).collect();
    offers.iter().for_each(|o| ctx.check_rate(o.shown.est.currency));
    let shape = if spec.has_experience() { Shape::One } else { Shape::Many };
    emit(ctx.out, args.output.format, &ctx.style, &offers, shape)
}

/// The CSV/TSV columns an offer adds last: its survey percentile, or `below_p10`/`above_p90`.
pub const MARKET_COLUMNS: [&str; 2] = ["survey_percentile", "survey_beyond"];

/// The largest offer read: beyond it a typo (`1850000000`) is likelier than a salary, and
/// amounts stay exact to the cent.
const MAX_AMOUNT: f64 = 1e9;

/// An AMOUNT that is no amount: a usage error naming it, why, and (for a typo) the forms.
fn bad_amount(s: &str, bad: amount::Bad, currency: &str) -> Error {
    let reason = match bad.is_typo() {
        true => format!("{bad}; expected a positive amount like {FORMS}"),
        false => format!("{bad} (`--currency {currency}`)"),
    };
    Error::InvalidValue { flag: "AMOUNT", value: s.to_string(), reason }
}

/// `Verdict::paint`: within the range is good news; outside it is worth a look.
fn paint(v: Verdict) -> Paint {
    if v == Verdict::Within { Paint::Good } else { Paint::Warn }
}

/// An amount as typed, exact: `$179,999.99`, or `$180,000` when it is whole.
fn money_exact(x: f64, currency: &str) -> String {
    let cents = (x.abs() * 100.0).round() as i64;
    let whole = money(cents / 100, currency);
    match cents % 100 {
        0 => whole,
        c => format!("{whole}.{c:02}"),
    }
}

/// The low, mid and high the offer is judged against: total pay when `--total` computed
/// it, base salary otherwise.
fn against(shown: &Shown) -> [i64; 3] {
    review::against(&shown.est)
}

/// One offer judged against one estimate.
pub struct Offer<'a> {
    pub amount: f64,
    pub verdict: Verdict,
    pub position_pct: Option<f64>,
    /// `amount - mid`: negative below the mid.
    pub gap_to_mid: f64,
    /// `amount / mid`, to two decimals.
    pub compa_ratio: Option<f64>,
    pub shown: Shown<'a>,
    /// Where the amount ranks among real salaries of the profile (survey cell, BLS rows).
    /// `None` with `--total`: those are base salaries, and the offer is then a package.
    pub market: Option<Standing<'a>>,
    /// What the market placement leaves out or stands in for (see `render_market::notes`).
    pub market_notes: Vec<String>,
}

impl<'a> Offer<'a> {
    pub fn new(amount: f64, shown: Shown<'a>) -> Offer<'a> {
        let view = market::view(shown.tables, &shown.est);
        let Review { verdict, position_pct, gap_to_mid, compa_ratio, market, .. } =
            Review::judge(&shown.est, &view, amount);
        let market_notes = render_market::notes(&shown, &view);
        Offer { amount, verdict, position_pct, gap_to_mid, compa_ratio, shown, market, market_notes }
    }

    /// The market lines of the text: each placement, then its notes.
    fn write_market(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let release = &self.shown.tables.market.bls.release;
        let lines = match &self.market {
            Some(standing) => standing_lines(standing, release),
            None => vec![
                "not placed: survey and BLS figures are base salary, and with --total the offer is weighed as total pay"
                    .to_string(),
            ],
        };
        let indent = " ".repeat(12);
        let mut first = true;
        for line in &lines {
            for l in wrap(line, &indent) {
                let head = if first { format!("  {} ", pad("market", 9)) } else { indent.clone() };
                writeln!(w, "{head}{}", l.trim_start())?;
                first = false;
            }
        }
        if self.market.is_some() {
            for note in &self.market_notes {
                for l in wrap(note, &indent) {
                    writeln!(w, "{}", style.dim(&l))?;
                }
            }
        }
        Ok(())
    }

    /// What the offer is weighed against: `total` with `--total` (an offer is a package),
    /// else `base`.
    fn compared_with(&self) -> &'static str {
        if self.shown.est.total.is_some() { "total" } else { "base" }
    }

    /// `$25,000 below the mid`.
    fn gap_text(&self) -> String {
        let currency = self.shown.est.currency;
        let gap = money_exact(self.gap_to_mid, currency);
        match self.gap_to_mid {
            0.0 => "at the mid".to_string(),
            g if g > 0.0 => format!("{gap} above the mid"),
            _ => format!("{gap} below the mid"),
        }
    }

    fn position_text(&self) -> String {
        self.position_pct.map_or_else(|| "-".to_string(), |p| format!("{p:.1}%"))
    }

    /// `mid level, 4 years; San Francisco, CA; PhD / doctorate`.
    fn profile_text(&self) -> String {
        let (tables, e) = (self.shown.tables, &self.shown.est);
        let level = match e.years {
            Some(y) => format!("{} level, {} years", level_name(tables, e.placement), num(y)),
            None => format!("{} level", level_name(tables, e.placement)),
        };
        format!("{level}; {}", self.factors_text())
    }

    /// The location, then every factor that is not its table's neutral default.
    fn factors_text(&self) -> String {
        let (tables, e) = (self.shown.tables, &self.shown.est);
        Factor::ALL
            .iter()
            .zip(e.factors)
            .filter(|(f, entry)| {
                **f == Factor::Location || entry.key != tables.factor(**f).default_entry().key
            })
            .map(|(_, entry)| entry.label.as_ref())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `$180,000 [────●─────────] $240,000`: the offer marked on the range, or beside it.
    fn bar(&self, style: &Style) -> String {
        const WIDTH: usize = 30;
        let e = &self.shown.est;
        let mut cells = vec!["─"; WIDTH];
        if let (Verdict::Within, Some(p)) = (self.verdict, self.position_pct) {
            cells[((p / 100.0) * (WIDTH - 1) as f64).round().clamp(0.0, (WIDTH - 1) as f64) as usize] = "●";
        }
        let track = cells.concat().replace('●', &style.good("●"));
        let [low, _, high] = against(&self.shown);
        let top = format!("{}{}", money(high, e.currency), if e.open_ended { "+" } else { "" });
        let (before, after) = match self.verdict {
            Verdict::Below => (format!("{} ", style.warn("●")), String::new()),
            Verdict::Above => (String::new(), format!(" {}", style.warn("●"))),
            Verdict::Within => (String::new(), String::new()),
        };
        format!("{before}{} [{track}] {top}{after}", money(low, e.currency))
    }

    fn write_one(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let e = &self.shown.est;
        let amount = money_exact(self.amount, e.currency);
        writeln!(
            w,
            "{}",
            style.bold(&format!("An offer of {amount} is {} the estimated range.", self.verdict.as_str()))
        )?;
        writeln!(w)?;
        let [low, mid, high] = against(&self.shown);
        let top = if e.open_ended { "+" } else { "" };
        let compared = if e.total.is_some() { "total pay: base + bonus + equity" } else { "base salary" };
        let mut table = Table::new().min_width(0, 9).gap_after(0, " ");
        table.row_with_tail(["profile"], self.profile_text());
        table.row_with_tail(
            ["range"],
            format!(
                "{} – {}{top}  (mid {}; {compared}, {}; {} bands)",
                money(low, e.currency),
                money(high, e.currency),
                money(mid, e.currency),
                pay_label(&e.pay),
                self.shown.basis().as_str()
            ),
        );
        if let Some(note) = pay_note(&e.pay) {
            table.row_with_tail([""], style.dim(&note));
        }
        let position = self.position_text();
        table.row_with_tail(["position"], format!("{position}  (0% is the low end, 100% the high end)"));
        table.row_with_tail(["gap"], self.gap_text());
        table.write(w, style)?;
        if e.open_ended && self.verdict == Verdict::Above {
            writeln!(w)?;
            writeln!(
                w,
                "{}",
                style.dim(&format!(
                    "The article gives senior pay no top (\"$200,000+\"): above the range means above that top, scaled to {}+ for this profile.",
                    money(e.high, e.currency)
                ))
            )?;
        }
        writeln!(w)?;
        writeln!(w, "  {}", self.bar(style))?;
        writeln!(w)?;
        self.write_market(w, style)
    }
}

impl Serialize for Offer<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'r, 'a> {
            #[serde(serialize_with = "whole")]
            amount: f64,
            verdict: &'static str,
            position_pct: Option<f64>,
            #[serde(serialize_with = "whole")]
            gap_to_mid: f64,
            compa_ratio: Option<f64>,
            compared_with: &'static str,
            estimate: &'r Shown<'a>,
            /// Null with `--total` (the survey and BLS hold base salaries).
            market: Option<StandingJson<'r, 'a>>,
        }
        Json {
            amount: self.amount,
            verdict: self.verdict.as_str(),
            position_pct: self.position_pct,
            gap_to_mid: self.gap_to_mid,
            compa_ratio: self.compa_ratio,
            compared_with: self.compared_with(),
            estimate: &self.shown,
            market: self.market.as_ref().map(|standing| StandingJson {
                standing,
                release: &self.shown.tables.market.bls.release,
                notes: self.market_notes.clone(),
            }),
        }
        .serialize(s)
    }
}

/// Whole amounts as JSON integers (`185000`, not `185000.0`); fractions stay numbers.
fn whole<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 9e15 { s.serialize_i64(*x as i64) } else { s.serialize_f64(*x) }
}

impl Record for Offer<'_> {
    fn columns() -> Vec<&'static str> {
        ["amount", "verdict", "position_pct", "gap_to_mid", "compared_with"]
            .into_iter()
            .chain(ESTIMATE_COLUMNS)
            .chain(MARKET_COLUMNS)
            .collect()
    }

    fn columns_for(offers: &[Self]) -> Vec<&'static str> {
        let with_total = offers.iter().any(|o| o.shown.est.total.is_some());
        ["amount", "verdict", "position_pct", "gap_to_mid", "compared_with"]
            .into_iter()
            .chain(estimate_columns(with_total))
            .chain(MARKET_COLUMNS)
            .collect()
    }

    fn row(&self, out: &mut Vec<String>) {
        out.extend([num(self.amount), self.verdict.as_str().to_string()]);
        out.push(self.position_pct.map(|p| p.to_string()).unwrap_or_default());
        out.push(num(self.gap_to_mid));
        out.push(self.compared_with().to_string());
        self.shown.fields(out);
        self.shown.total_fields(out);
        out.extend(survey_fields(self.market.as_ref()));
    }

    fn text(offers: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let Some(first) = offers.first() else { return Ok(()) };
        if let [one] = offers {
            return one.write_one(w, style);
        }
        let currency = first.shown.est.currency;
        let amount = money_exact(first.amount, currency);
        writeln!(
            w,
            "{}",
            style.bold(&format!(
                "An offer of {amount} against each level, {} (no --years or --level given)",
                pay_label(&first.shown.est.pay)
            ))
        )?;
        if let Some(note) = pay_note(&first.shown.est.pay) {
            writeln!(w, "{}", style.dim(&note))?;
        }
        writeln!(w)?;
        let mut table = Table::new();
        table.header(["level", "range", "mid", "verdict", "position", "gap", "survey"]);
        for o in offers {
            let [low, mid, high] = against(&o.shown);
            let top = if o.shown.est.open_ended { "+" } else { "" };
            let survey = match o.market.as_ref().map(|m| &m.survey) {
                Some(Some((_, rank))) => rank_short(*rank),
                Some(None) => "no cell".into(),
                None => "-".into(),
            };
            table.row([
                Cell::from(level_name(o.shown.tables, o.shown.est.placement)),
                Cell::from(format!("{} – {}{top}", money(low, currency), money(high, currency))),
                Cell::from(money(mid, currency)),
                Cell::new(o.verdict.as_str(), paint(o.verdict)),
                Cell::from(o.position_text()),
                Cell::from(o.gap_text()),
                Cell::from(survey),
            ]);
        }
        table.write(w, style)?;
        writeln!(w)?;
        let basis = first.shown.basis().as_str();
        writeln!(w, "  {}", style.dim(&format!("profile: {}; {basis} bands", first.factors_text())))?;
        if first.market.is_some() {
            let cells: Vec<String> = offers
                .iter()
                .filter_map(|o| o.market.as_ref()?.survey.as_ref())
                .map(|(m, _)| {
                    let c = m.cell;
                    format!("{} n = {}, {}", c.level, thousands(i64::from(c.n)), c.year)
                })
                .collect();
            let q = offers.iter().find_map(|o| Some(o.market.as_ref()?.survey.as_ref()?.0.cell));
            if let Some(c) = q {
                let text = format!(
                    "survey: the offer's percentile among the survey's {} salaries in {} at each level ({})",
                    group_words(&c.title_group),
                    c.country,
                    cells.join("; ")
                );
                for l in wrap(&text, "  ") {
                    writeln!(w, "{}", style.dim(&l))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_amounts_are_usage_errors_naming_the_amount() {
        for (typed, want) in
            [("-185000", "at least 1"), ("0", "at least 1"), ("abc", "not an amount"), ("18,5000", "groups")]
        {
            let bad = amount::parse(typed, MAX_AMOUNT).unwrap_err();
            let err = bad_amount(typed, bad, "USD");
            let text = err.to_string();
            assert_eq!(err.exit_code(), 2);
            assert!(
                text.contains(&format!("`{typed}`")) && text.contains(want) && text.contains(FORMS),
                "{text}"
            );
        }
        let bad = amount::read("€60k", "GBP", MAX_AMOUNT).unwrap_err();
        assert_eq!(
            bad_amount("€60k", bad, "GBP").to_string(),
            "invalid value `€60k` for AMOUNT: `€` is EUR, not GBP, the currency it is read in (`--currency GBP`)"
        );
    }
}

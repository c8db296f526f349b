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
use crate::model::estimate;
use crate::model::market::{self, Standing};
use crate::output::{Cell, Num, Paint, Record, Rows, Shape, Style, Table, emit, money, thousands};
use crate::tables::market::Basis;
use crate::view;
use crate::view::estimate::{ESTIMATE_COLUMNS, Shown, estimate_columns};
use crate::view::market::{group_words, notes, ordinal};
use crate::view::offer::{OfferRow, SURVEY_COLUMNS, StandingJson, SurveyRow, money_exact, rank_short};
use crate::view::words::{level_name, pay_label, pay_note};

pub fn run(args: &OfferArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    let amount = parse_amount(&args.amount)?;
    let spec = args.profile.spec();
    let tables = ctx.tables;
    let profiles = spec.profiles(tables)?;
    let opts = ctx.options(&args.output)?;
    let offers: Vec<Offer> = profiles
        .iter()
        .map(|p| Offer::new(amount, Shown { tables, est: estimate(tables, p, &opts) }))
        .collect();
    offers.iter().for_each(|o| ctx.check_rate(o.shown.est.currency));
    let shape = if spec.has_experience() { Shape::One } else { Shape::Many };
    emit(ctx.out, args.output.format, &ctx.style, &offers, shape)
}

/// The largest offer read: beyond it a typo (`1850000000`) is likelier than a salary, and
/// amounts stay exact to the cent.
const MAX_AMOUNT: f64 = 1e9;

/// The forms an amount may take, for error messages.
const FORMS: &str = "185000, 185k, 185.5k, $185,000 or 185,000";

/// Currency symbols a person may type before an amount; the amount is read in the output
/// currency whatever the symbol.
const SYMBOLS: [char; 6] = ['$', '£', '€', '₹', '¥', '₪'];

/// Parses an offer as people write it: `185000`, `185k`, `185K`, `185.5k`, `$185,000`,
/// `185,000`. Commas must separate groups of three digits; the result must be above 0.
pub fn parse_amount(s: &str) -> Result<f64, Error> {
    let bad = |reason: &str| Error::InvalidValue {
        flag: "AMOUNT",
        value: s.to_string(),
        reason: format!("{reason}; expected a positive amount like {FORMS}"),
    };
    let t = s.trim();
    let t = t.strip_prefix(SYMBOLS).unwrap_or(t);
    if t.starts_with('-') {
        return Err(bad("an offer must be above 0"));
    }
    let (t, scale) = match t.strip_suffix(['k', 'K']) {
        Some(rest) => (rest, 1000.0),
        None => (t, 1.0),
    };
    let (whole, fraction) = match t.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !fraction.is_none_or(digits) || whole.is_empty() {
        return Err(bad("not an amount"));
    }
    let whole = if whole.contains(',') {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or_default();
        let grouped = digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g));
        if !grouped {
            let reason = if whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
                "commas must separate groups of three digits"
            } else {
                "not an amount"
            };
            return Err(bad(reason));
        }
        whole.replace(',', "")
    } else if digits(whole) {
        whole.to_string()
    } else {
        return Err(bad("not an amount"));
    };
    let number = match fraction {
        Some(f) => format!("{whole}.{f}"),
        None => whole,
    };
    let value = number.parse::<f64>().map_err(|_| bad("not an amount"))? * scale;
    if !value.is_finite() || value > MAX_AMOUNT {
        return Err(bad("too large: an offer is at most 1,000,000,000"));
    }
    // To the cent: `179999.99` stays itself, `0.0001` is no offer.
    let value = (value * 100.0).round() / 100.0;
    if value < 1.0 {
        return Err(bad("an offer must be at least 1"));
    }
    Ok(value)
}

/// Where an amount falls against a range; equal to either end is within.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Below,
    Within,
    Above,
}

impl Verdict {
    pub fn judge(amount: f64, low: i64, high: i64) -> Verdict {
        if amount < low as f64 {
            Verdict::Below
        } else if amount > high as f64 {
            Verdict::Above
        } else {
            Verdict::Within
        }
    }

    /// Within the range is good news; outside it is worth a look.
    fn paint(self) -> Paint {
        if self == Verdict::Within { Paint::Good } else { Paint::Warn }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Below => "below",
            Verdict::Within => "within",
            Verdict::Above => "above",
        }
    }
}

/// `(amount - low) / (high - low) x 100`, to one decimal: 0 at the low end, 100 at the high
/// end, below 0 or above 100 outside. None when the range is a single amount (a `--round`
/// coarser than the range). Outside the range it never rounds onto an end: an offer a cent
/// below the low end reads -0.1%, not the 0.0% of the low end it is below; inside, it stays
/// within 0 to 100.
pub fn position_pct(amount: f64, low: i64, high: i64) -> Option<f64> {
    let exact = (high > low).then(|| (amount - low as f64) / (high - low) as f64 * 1000.0)?;
    let tenths = match Verdict::judge(amount, low, high) {
        Verdict::Below => exact.round().min(-1.0),
        Verdict::Above => exact.round().max(1001.0),
        Verdict::Within => exact.round().clamp(0.0, 1000.0),
    };
    // `+ 0.0`: no -0.0.
    Some(tenths / 10.0 + 0.0)
}

/// The low, mid and high the offer is judged against: total pay when `--total` computed
/// it, base salary otherwise.
fn against(shown: &Shown) -> [i64; 3] {
    let e = &shown.est;
    e.total.as_ref().map_or([e.low, e.mid, e.high], |t| t.total)
}

/// One offer judged against one estimate.
pub(crate) struct Offer<'a> {
    pub amount: f64,
    pub verdict: Verdict,
    pub position_pct: Option<f64>,
    /// `amount - mid`: negative below the mid.
    pub gap_to_mid: f64,
    pub shown: Shown<'a>,
    /// Where the amount ranks among real salaries of the profile (survey cell, BLS rows).
    /// `None` with `--total`: those are base salaries, and the offer is then a package.
    pub market: Option<Standing<'a>>,
    /// What the market placement leaves out or stands in for (see `view::market::notes`).
    pub market_notes: Vec<String>,
    /// Where the range and the survey disagree about the offer: both, and which to trust.
    pub disagreement: Option<String>,
}

/// Where an amount sits among a survey cell's salaries, as a verdict: below its 25th
/// percentile, within its 25th to 75th, above its 75th (the quartiles a market band spans).
pub fn survey_verdict(pct: f64) -> Verdict {
    if pct < 25.0 {
        Verdict::Below
    } else if pct > 75.0 {
        Verdict::Above
    } else {
        Verdict::Within
    }
}

/// Percentile points of slack at the quartiles before the range and the survey are said to
/// disagree: a range rounded to the nearest 1,000 can put an amount a point or two across a
/// quartile from the cell's own figure.
const SLACK: f64 = 2.0;

/// When the range's verdict and the survey's differ (beyond [`SLACK`]), both in one sentence
/// and which to trust; `None` when they agree.
fn disagreement(verdict: Verdict, standing: &Standing, shown: &Shown) -> Option<String> {
    let (m, _, pct) = standing.survey.as_ref()?;
    let theirs = survey_verdict(*pct);
    if theirs == verdict || (pct - 25.0).abs() <= SLACK || (pct - 75.0).abs() <= SLACK {
        return None;
    }
    let c = m.cell;
    let at = match *pct {
        p if p <= 0.0 => "below every salary".to_string(),
        p if p >= 100.0 => "above every salary".to_string(),
        p => format!("at the {} percentile", ordinal(p.round() as u32)),
    };
    let range = match shown.basis() {
        Basis::Article => "the article's range",
        Basis::Market => "the market range",
    };
    let small =
        if c.n < 100 { format!("; a small cell, n = {}", thousands(i64::from(c.n))) } else { String::new() };
    let why = match shown.basis() {
        Basis::Article => format!(
            "it is what {} people like this profile reported, where the article's bands are one article's ranges and run low against real pay{small}",
            thousands(i64::from(c.n))
        ),
        Basis::Market => format!(
            "the range is the US ML-engineer survey moved by factors, the cell is {} {} pay itself{small}",
            c.country,
            group_words(&c.title_group)
        ),
    };
    Some(format!(
        "{range} and the survey disagree: the offer is {} {range}, but {at} of the survey's salaries for this profile. Trust the survey: {why}.",
        verdict.as_str(),
    ))
}

impl<'a> Offer<'a> {
    pub(crate) fn new(amount: f64, shown: Shown<'a>) -> Offer<'a> {
        let [low, mid, high] = against(&shown);
        let view = market::view(shown.tables, &shown.est);
        // The amount and the figures it is ranked among are both in the output currency.
        let market = shown.est.total.is_none().then(|| market::standing(&view, &shown.est, amount));
        let mut market_notes = notes(&shown, &view);
        let verdict = Verdict::judge(amount, low, high);
        let disagreement = market.as_ref().and_then(|m| disagreement(verdict, m, &shown));
        market_notes.extend(disagreement.clone());
        Offer {
            amount,
            verdict,
            position_pct: position_pct(amount, low, high),
            // To the cent, like the amount: no `-30000.01000000001`.
            gap_to_mid: ((amount - mid as f64) * 100.0).round() / 100.0,
            shown,
            market,
            market_notes,
            disagreement,
        }
    }

    /// The market lines of the text: each placement, then its notes.
    fn write_market(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let disagreement = self.disagreement.as_deref();
        view::offer::write_market(
            w,
            &self.shown,
            self.market.as_ref(),
            &self.market_notes,
            disagreement,
            style,
        )
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
        let compared = match (e.total.is_some(), self.shown.basis()) {
            (true, _) => "total pay: base + bonus + equity",
            (false, Basis::Article) => "base salary",
            (false, Basis::Market) => "gross salary",
        };
        let mut table = Table::new().min_width(0, 9).gap_after(0, " ");
        table.row_with_tail(["profile"], self.shown.profile_text(true));
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
        if e.open_ended && self.verdict == Verdict::Above && self.shown.basis() == Basis::Article {
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
            verdict: Verdict,
            position_pct: Option<f64>,
            #[serde(serialize_with = "whole")]
            gap_to_mid: f64,
            compared_with: &'static str,
            estimate: &'r Shown<'a>,
            /// Null with `--total` (the survey and BLS hold base salaries).
            market: Option<StandingJson<'r, 'a>>,
        }
        Json {
            amount: self.amount,
            verdict: self.verdict,
            position_pct: self.position_pct,
            gap_to_mid: self.gap_to_mid,
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
            .chain(SURVEY_COLUMNS)
            .collect()
    }

    fn columns_for(offers: &[Self]) -> Vec<&'static str> {
        let with_total = offers.iter().any(|o| o.shown.est.total.is_some());
        ["amount", "verdict", "position_pct", "gap_to_mid", "compared_with"]
            .into_iter()
            .chain(estimate_columns(with_total))
            .chain(SURVEY_COLUMNS)
            .collect()
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        let head = OfferRow {
            amount: Num(self.amount),
            verdict: self.verdict.as_str(),
            position_pct: self.position_pct.map(Num),
            gap_to_mid: Num(self.gap_to_mid),
            compared_with: self.compared_with(),
        };
        out.row((head, self.shown.row(), SurveyRow::of(self.market.as_ref())))
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
                Some(Some((_, _, pct))) => rank_short(*pct),
                Some(None) => "no cell".into(),
                None => "-".into(),
            };
            table.row([
                Cell::from(level_name(o.shown.tables, o.shown.est.placement)),
                Cell::from(format!("{} – {}{top}", money(low, currency), money(high, currency))),
                Cell::from(money(mid, currency)),
                Cell::new(o.verdict.as_str(), o.verdict.paint()),
                Cell::from(o.position_text()),
                Cell::from(o.gap_text()),
                Cell::from(survey),
            ]);
        }
        table.write(w, style)?;
        writeln!(w)?;
        let basis = first.shown.basis().as_str();
        writeln!(
            w,
            "  {}",
            style.dim(&format!("profile: {}; {basis} bands", first.shown.profile_text(false)))
        )?;
        if first.market.is_some() {
            let standings: Vec<&Standing> = offers.iter().filter_map(|o| o.market.as_ref()).collect();
            view::offer::write_survey_key(w, &standings, style)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_every_accepted_form() {
        let cases = [
            ("185000", 185_000.0),
            ("185k", 185_000.0),
            ("185K", 185_000.0),
            ("$185,000", 185_000.0),
            ("185,000", 185_000.0),
            ("185.5k", 185_500.0),
            (" 185000 ", 185_000.0),
            ("$185k", 185_000.0),
            ("1,185,000", 1_185_000.0),
            ("185000.50", 185_000.5),
            ("£142,000", 142_000.0),
            ("999", 999.0),
        ];
        for (typed, want) in cases {
            assert_eq!(parse_amount(typed).unwrap(), want, "{typed}");
        }
    }

    #[test]
    fn bad_amounts_name_the_amount_and_the_forms() {
        let cases = [
            ("-185000", "above 0"),
            ("-185k", "above 0"),
            ("$-185,000", "above 0"),
            ("0", "at least 1"),
            ("0k", "at least 1"),
            ("0.0", "at least 1"),
            ("0.004", "at least 1"),
            ("1000000001", "too large"),
            ("1,000,000.01k", "too large"),
            ("nan", "not an amount"),
            ("inf", "not an amount"),
            ("abc", "not an amount"),
            ("", "not an amount"),
            ("185kk", "not an amount"),
            ("185m", "not an amount"),
            ("1e5", "not an amount"),
            ("185.", "not an amount"),
            (".5k", "not an amount"),
            ("18,5000", "groups of three"),
            ("1,85,000", "groups of three"),
            (",185000", "groups of three"),
            ("185,000,", "groups of three"),
            ("1850,00", "groups of three"),
            ("185 000", "not an amount"),
            ("$", "not an amount"),
            ("185,000.5.5", "not an amount"),
        ];
        for (typed, want) in cases {
            let err = parse_amount(typed).unwrap_err();
            let text = err.to_string();
            assert_eq!(err.exit_code(), 2);
            assert!(text.contains(&format!("`{typed}`")), "{typed}: {text}");
            assert!(text.contains(want) && text.contains(FORMS), "{typed}: {text}");
        }
    }

    #[test]
    fn huge_amounts_are_refused_not_infinite() {
        let huge = "9".repeat(400);
        assert!(parse_amount(&huge).unwrap_err().to_string().contains("too large"));
    }

    #[test]
    fn verdict_edges_are_within() {
        assert_eq!(Verdict::judge(99.0, 100, 200), Verdict::Below);
        assert_eq!(Verdict::judge(99.99, 100, 200), Verdict::Below);
        assert_eq!(Verdict::judge(100.0, 100, 200), Verdict::Within);
        assert_eq!(Verdict::judge(200.0, 100, 200), Verdict::Within);
        assert_eq!(Verdict::judge(200.01, 100, 200), Verdict::Above);
    }

    #[test]
    fn position_runs_past_both_ends() {
        assert_eq!(position_pct(100.0, 100, 200), Some(0.0));
        assert_eq!(position_pct(200.0, 100, 200), Some(100.0));
        assert_eq!(position_pct(50.0, 100, 200), Some(-50.0));
        assert_eq!(position_pct(250.0, 100, 200), Some(150.0));
        assert_eq!(position_pct(133.333, 100, 200), Some(33.3));
        assert_eq!(position_pct(100.0, 100, 100), None);
    }
}

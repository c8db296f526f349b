//! An offer judged against one estimate, as people and programs read it: the verdict, the
//! position in the range, the gap to the mid and the compa-ratio (`model::review`), the
//! offer's place among real salaries (`standing`), and where the range and the survey
//! disagree, both and which to trust. Its JSON is in `json`.

use std::io::{self, Write};

use crate::model::market::{self, Standing};
use crate::model::review::{self, Review, Verdict};
use crate::output::{Cell, Num, Paint, Record, Rows, Style, Table, money, thousands};
use crate::tables::market::Basis;
use crate::view::estimate::{ESTIMATE_COLUMNS, Shown, estimate_columns};
use crate::view::market::{group_words, notes, ordinal};
use crate::view::words::{level_name, pay_label, pay_note};

mod json;
mod standing;

pub(crate) use self::standing::*;

/// `Verdict::paint`: within the range is good news; outside it is worth a look.
fn paint(v: Verdict) -> Paint {
    if v == Verdict::Within { Paint::Good } else { Paint::Warn }
}

/// The low, mid and high the offer is judged against: total pay when `--total` computed
/// it, base salary otherwise.
fn against(shown: &Shown) -> [i64; 3] {
    review::against(&shown.est)
}

/// One offer judged against one estimate.
pub(crate) struct Offer<'a> {
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
///
/// The survey's side is the location-adjusted rank (the cell moved to the range's place and pay
/// year, nothing else of the profile applied): the rank that can be set beside the range. Only
/// a cell that matches the profile on everything the survey records, with nothing moved, is
/// called "people like this profile".
fn disagreement(verdict: Verdict, standing: &Standing, shown: &Shown, stands_in: bool) -> Option<String> {
    let r = standing.survey.as_ref()?;
    let pct = r.adjusted;
    let theirs = survey_verdict(pct);
    if theirs == verdict || (pct - 25.0).abs() <= SLACK || (pct - 75.0).abs() <= SLACK {
        return None;
    }
    let c = r.main().cell;
    let at = match pct {
        p if p <= 0.0 => "below every salary".to_string(),
        p if p >= 100.0 => "above every salary".to_string(),
        p => format!("at the {} percentile", ordinal(p.round() as u32)),
    };
    let range = match shown.basis() {
        Basis::Article => "the article's range",
        Basis::Market => "the market range",
    };
    let n = thousands(i64::from(c.n));
    let small = if c.n < 100 { format!("; a small cell, n = {n}") } else { String::new() };
    let exact = r.adjustment.is_reported() && r.blended().is_none() && !stands_in;
    let whose = if exact {
        format!("it is what {n} people like this profile reported")
    } else {
        format!(
            "it is {n} real {} {} salaries, moved only to this place and pay year, not by the model's factors",
            c.country,
            group_words(&c.title_group)
        )
    };
    let why = match shown.basis() {
        Basis::Article => {
            format!(
                "{whose}, where the article's bands are one article's ranges and run low against real pay{small}"
            )
        }
        Basis::Market => format!(
            "the range is the survey moved by the model's factors, the rank {}{small}",
            if exact {
                format!("is {} {} pay itself", c.country, group_words(&c.title_group))
            } else {
                whose
            }
        ),
    };
    let of = if r.adjustment.is_reported() {
        "of the survey's salaries"
    } else {
        "of the survey's salaries location-adjusted"
    };
    Some(format!(
        "{range} and the survey disagree: the offer is {} {range}, but {at} {of} for this place. Trust the survey: {why}.",
        verdict.as_str(),
    ))
}

impl<'a> Offer<'a> {
    pub(crate) fn new(amount: f64, shown: Shown<'a>) -> Offer<'a> {
        let view = market::view(shown.tables, &shown.est);
        let Review { verdict, position_pct, gap_to_mid, compa_ratio, market, .. } =
            Review::judge(&shown.est, &view, amount);
        let mut market_notes = notes(&shown, &view);
        let stands_in = view.query.stands_in;
        let disagreement = market.as_ref().and_then(|m| disagreement(verdict, m, &shown, stands_in));
        market_notes.extend(disagreement.clone());
        Offer {
            amount,
            verdict,
            position_pct,
            gap_to_mid,
            compa_ratio,
            shown,
            market,
            market_notes,
            disagreement,
        }
    }

    /// The market lines of the text: each placement, then its notes.
    fn write_market(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let disagreement = self.disagreement.as_deref();
        standing::write_market(w, &self.shown, self.market.as_ref(), &self.market_notes, disagreement, style)
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
        let compared = match e.total.is_some() {
            true => "total pay: base + bonus + equity",
            false => crate::view::words::salary_words(self.shown.basis()),
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
                Some(Some(r)) => rank_short(r.reported),
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
        writeln!(
            w,
            "  {}",
            style.dim(&format!("profile: {}; {basis} bands", first.shown.profile_text(false)))
        )?;
        if first.market.is_some() {
            let standings: Vec<&Standing> = offers.iter().filter_map(|o| o.market.as_ref()).collect();
            standing::write_survey_key(w, &standings, style)?;
        }
        Ok(())
    }
}

//! An offer judged against one estimate, as people and programs read it: the verdict, the
//! position in the range, the gap to the mid and the compa-ratio (`model::review`), the
//! offer's place among real salaries (`standing`), and where the range and the survey
//! disagree, both and which to trust. Its JSON is in `json`.

use std::io::{self, Write};

use crate::model::market::{self, Standing};
use crate::model::review::{Package, Review, Verdict};
use crate::output::{Cell, Num, Paint, Record, Rows, Style, Table, money, pad, thousands};
use crate::tables::Factor;
use crate::tables::market::Basis;
use crate::view::estimate::{ESTIMATE_COLUMNS, Shown, estimate_columns};
use crate::view::market::{group_words, notes, ordinal};
use crate::view::words::{level_name, pay_label, pay_note};

mod html;
mod json;
mod level;
mod standing;

pub(crate) use self::level::{LEVEL_COLUMNS, WageLevel};

pub(crate) use self::standing::*;

/// `Verdict::paint`: within the range is good news; outside it is worth a look.
fn paint(v: Verdict) -> Paint {
    if v == Verdict::Within { Paint::Good } else { Paint::Warn }
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
    /// The low, mid and high the amount is judged against.
    pub range: [i64; 3],
    /// Where the amount ranks among real salaries of the profile (survey cell, BLS rows).
    /// `None` with `--total`: those are base salaries, and the offer is then a package.
    pub market: Option<Standing<'a>>,
    /// What the market placement leaves out or stands in for (see `view::market::notes`).
    pub market_notes: Vec<String>,
    /// Where the range and the survey disagree about the offer: both, and which to trust.
    pub disagreement: Option<String>,
    /// The offer's parts, when `--bonus` or `--equity` made it a package: `amount` is then its
    /// salary (the base; base + bonus against a gross range) and `total` its total judged.
    pub package: Option<Package>,
    /// A package's base + bonus + equity against the estimate's total pay.
    pub total: Option<Review<'a>>,
    /// The salary's approximate OEWS wage level, for the occupation asked about.
    pub wage: WageLevel<'a>,
}

/// An amount judged against a range, as the text shows it: the offer's salary, or its total.
struct Judged {
    amount: f64,
    verdict: Verdict,
    position_pct: Option<f64>,
    gap_to_mid: f64,
    range: [i64; 3],
}

impl Judged {
    /// `$25,000 below the mid`.
    fn gap_text(&self, currency: &str) -> String {
        let gap = money_exact(self.gap_to_mid, currency);
        match self.gap_to_mid {
            0.0 => "at the mid".to_string(),
            g if g > 0.0 => format!("{gap} above the mid"),
            _ => format!("{gap} below the mid"),
        }
    }

    /// How far outside the range, from its nearer end, exact; `None` within it.
    fn outside(&self) -> Option<f64> {
        let [low, _, high] = self.range;
        match self.verdict {
            Verdict::Below => Some(low as f64 - self.amount),
            Verdict::Above => Some(self.amount - high as f64),
            Verdict::Within => None,
        }
    }

    /// Within the range, the position in it (`32.7%  (0% is the low end, ...)`); outside it,
    /// how far from the nearer end in money (`below the low end by $65,000`), not a percentage
    /// of the range's width (-197% says nothing a person can use).
    fn position_text(&self, currency: &str) -> String {
        match (self.outside(), self.position_pct) {
            (Some(by), _) => {
                let end =
                    if self.verdict == Verdict::Below { "below the low end" } else { "above the high end" };
                format!("{end} by {}", money_exact(by, currency))
            }
            (None, Some(p)) => format!("{p:.1}%  (0% is the low end, 100% the high end)"),
            (None, None) => "-".to_string(),
        }
    }

    /// The position for a table cell: `32.7%`, `$65,000 under`, `$5,000 over`.
    fn position_short(&self, currency: &str) -> String {
        match (self.outside(), self.position_pct) {
            (Some(by), _) => {
                let way = if self.verdict == Verdict::Below { "under" } else { "over" };
                format!("{} {way}", money_exact(by, currency))
            }
            (None, Some(p)) => format!("{p:.1}%"),
            (None, None) => "-".to_string(),
        }
    }

    /// `$180,000 [────●─────────] $240,000`: the amount marked on the range, or beside it.
    fn bar(&self, currency: &str, open_ended: bool, style: &Style) -> String {
        const WIDTH: usize = 30;
        let mut cells = vec!["─"; WIDTH];
        if let (Verdict::Within, Some(p)) = (self.verdict, self.position_pct) {
            cells[((p / 100.0) * (WIDTH - 1) as f64).round().clamp(0.0, (WIDTH - 1) as f64) as usize] = "●";
        }
        let track = cells.concat().replace('●', &style.good("●"));
        let [low, _, high] = self.range;
        let top = format!("{}{}", money(high, currency), if open_ended { "+" } else { "" });
        let (before, after) = match self.verdict {
            Verdict::Below => (format!("{} ", style.warn("●")), String::new()),
            Verdict::Above => (String::new(), format!(" {}", style.warn("●"))),
            Verdict::Within => (String::new(), String::new()),
        };
        format!("{before}{} [{track}] {top}{after}", money(low, currency))
    }
}

impl From<&Review<'_>> for Judged {
    fn from(r: &Review) -> Judged {
        Judged {
            amount: r.amount,
            verdict: r.verdict,
            position_pct: r.position_pct,
            gap_to_mid: r.gap_to_mid,
            range: r.range,
        }
    }
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
    let e = &shown.est;
    // "People like this profile" only where the cell matches the profile on everything it
    // could (nothing moved, one cell, the title group's own) and no factor the survey does not
    // record (education, industry, company size, specialization) is set.
    let neutral = [Factor::Education, Factor::Specialization, Factor::Industry, Factor::CompanySize]
        .iter()
        .all(|&f| std::ptr::eq(e.factors[f.index()], shown.tables.factor(f).default_entry()));
    let exact = r.adjustment.is_reported() && r.blended().is_none() && !stands_in && neutral;
    let whose = if exact {
        format!("it is what {n} people like this profile reported")
    } else {
        format!(
            "it is {n} real {} {} salaries, moved only to this place and pay year, not by the model's factors",
            c.country,
            group_words(&c.title_group)
        )
    };
    // Which way the range misses, and why: a range above the survey stacks factors on its band
    // (or its band runs high); a range below it has factors under 1 (or a band that runs low).
    let range_high = verdict == Verdict::Below || (verdict == Verdict::Within && theirs == Verdict::Above);
    let factors = crate::view::words::times(e.multiplier);
    let band = match shown.basis() {
        Basis::Article => "the article's band",
        Basis::Market => "the survey's band",
    };
    let range_side = match (range_high, e.multiplier > 1.0, e.multiplier < 1.0) {
        (true, true, _) => format!(
            "the range is {band} times the model's factors ({factors}), several of which the survey does not record"
        ),
        (true, false, _) => format!("{band} runs high here"),
        (false, _, true) => format!(
            "the range is {band} times the model's factors ({factors}), which lower it further than the survey shows"
        ),
        (false, _, false) => match shown.basis() {
            Basis::Article => {
                "the article's bands are one article's ranges and run low against real pay".to_string()
            }
            Basis::Market => format!("{band} runs low here"),
        },
    };
    // The area's BLS figures, where there are any, say the same thing from another source.
    let bls: Vec<String> = standing
        .bls
        .iter()
        .filter_map(|(row, rank)| {
            let p = rank.percentile()?;
            Some(format!(
                "about the {} percentile of {}",
                ordinal(p.round() as u32),
                row.occ_title.to_lowercase()
            ))
        })
        .collect();
    let bls = if bls.is_empty() {
        String::new()
    } else {
        format!(", and BLS puts it at {} in this area", bls.join(" and "))
    };
    let why = format!("{whose}{bls}, while {range_side}{small}");
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
    /// `amount` judged against `shown`; with a `package` (whose base is `amount`), its salary
    /// and its total each against their own range.
    pub(crate) fn new(
        amount: f64,
        package: Option<Package>,
        shown: Shown<'a>,
        soc: &'static str,
    ) -> Offer<'a> {
        let view = market::view_for(shown.tables, &shown.est, soc);
        let (main, total) = match &package {
            Some(p) => Review::judge_package(&shown.est, &view, p),
            None => (Review::judge(&shown.est, &view, amount), None),
        };
        let Review { amount, range, verdict, position_pct, gap_to_mid, compa_ratio, market, wage_level } =
            main;
        let e = &shown.est;
        let total_only = package.is_none() && e.total.is_some();
        let wage = WageLevel::new(
            shown.tables,
            view.levels,
            wage_level.map(|(l, _)| l),
            // A package's level is of its base (a prevailing wage holds no bonus).
            (package.map_or(amount, |p| p.base), e.rate, e.currency),
            total_only,
        );
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
            range,
            package,
            total,
            wage,
        }
    }

    /// The offer's salary as judged: its amount, verdict, position and gap against its range.
    fn judged(&self) -> Judged {
        Judged {
            amount: self.amount,
            verdict: self.verdict,
            position_pct: self.position_pct,
            gap_to_mid: self.gap_to_mid,
            range: self.range,
        }
    }

    /// Whether a package's salary is base + bonus, set against a gross range.
    fn gross(&self) -> bool {
        self.package.is_some() && self.shown.est.total.as_ref().is_some_and(|t| t.in_gross)
    }

    /// What the amount is, for the text: `base`, `gross` (a package's base + bonus against the
    /// survey's gross pay) or `total` (with `--total`, AMOUNT alone is the whole package).
    fn amount_words(&self) -> &'static str {
        match (self.package.is_some(), self.shown.est.total.is_some()) {
            (true, _) if self.gross() => "gross",
            (true, _) | (false, false) => "base",
            (false, true) => "total",
        }
    }

    /// `$210,000 base + $60,000 equity = $270,000 a year`: a package's parts, as given.
    fn package_text(&self, p: &Package) -> String {
        let currency = self.shown.est.currency;
        let mut parts = vec![format!("{} base", money_exact(p.base, currency))];
        for (part, name) in [(p.bonus, "bonus"), (p.equity, "equity")] {
            if part > 0.0 {
                parts.push(format!("{} {name}", money_exact(part, currency)));
            }
        }
        format!("{} = {} a year", parts.join(" + "), money_exact(p.total(), currency))
    }

    /// The first line of the text.
    fn heading(&self) -> String {
        let currency = self.shown.est.currency;
        let amount = money_exact(self.amount, currency);
        let verdict = self.verdict.as_str();
        match (&self.package, &self.total) {
            (Some(p), total) => {
                let salary = if self.gross() { "gross (base + bonus)" } else { "base" };
                let total = total.as_ref().map_or_else(String::new, |t| {
                    format!(", its total {} the estimated total", t.verdict.as_str())
                });
                format!(
                    "An offer of {}: its {salary} is {verdict} the estimated range{total}.",
                    self.package_text(p)
                )
            }
            (None, _) if self.shown.est.total.is_some() => format!(
                "An offer of {amount} in total pay (with --total, AMOUNT is base + bonus + equity) is {verdict} the estimated total."
            ),
            (None, _) => format!("An offer of {amount} is {verdict} the estimated range."),
        }
    }

    /// The market lines of the text: each placement, then its notes.
    fn write_market(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let disagreement = self.disagreement.as_deref();
        standing::write_market(w, &self.shown, self.market.as_ref(), &self.market_notes, disagreement, style)
    }

    /// What the offer is weighed against: `total` when AMOUNT alone is total pay (`--total`
    /// without parts), else `base` (the estimate's own range; a package's total is judged
    /// beside it, in `total`).
    fn compared_with(&self) -> &'static str {
        if self.package.is_none() && self.shown.est.total.is_some() { "total" } else { "base" }
    }

    /// The words after a range: what it holds, the pay year and the bands.
    fn range_words(&self, total: bool) -> String {
        let e = &self.shown.est;
        let t = e.total.as_ref();
        let options = total && self.package.is_some() && t.is_some_and(|t| t.equity.is_none());
        let compared = match (total, t.is_some_and(|t| t.in_gross), self.shown.basis()) {
            _ if options => "total pay without equity on either side: the estimate's is unvalued options",
            (true, true, _) => "total pay: gross + equity, the gross holding the bonus",
            (true, false, _) => "total pay: base + bonus + equity",
            (false, _, basis) => crate::view::words::salary_words(basis),
        };
        format!("{compared}, {}; {} bands", pay_label(&e.pay), self.shown.basis().as_str())
    }

    /// The rows of one judged amount: its range, position and gap, under `label`; a package's
    /// rows name the amount they judge.
    fn judged_rows(&self, table: &mut Table, label: &str, j: &Judged, total: bool) {
        let e = &self.shown.est;
        let [low, mid, high] = j.range;
        let top = if e.open_ended { "+" } else { "" };
        let range = format!("{} – {}{top}", money(low, e.currency), money(high, e.currency));
        let range = match self.package {
            Some(_) => format!("{} against {range}", money_exact(j.amount, e.currency)),
            None => range,
        };
        let mid = money(mid, e.currency);
        table.row_with_tail([label], format!("{range}  (mid {mid}; {})", self.range_words(total)));
        if !total && let Some(note) = pay_note(&e.pay) {
            table.row_with_tail([""], note);
        }
        if !total && let Some(note) = self.shown.edge_note() {
            table.row_with_tail([""], note);
        }
        table.row_with_tail(["position"], j.position_text(e.currency));
        table.row_with_tail(["gap"], j.gap_text(e.currency));
    }

    fn write_one(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let e = &self.shown.est;
        writeln!(w, "{}", style.bold(&self.heading()))?;
        writeln!(w)?;
        let mut table = Table::new().min_width(0, 9).gap_after(0, " ");
        table.row_with_tail(["profile"], self.shown.profile_text(true));
        let label = if self.package.is_some() { self.amount_words() } else { "range" };
        let main = self.judged();
        self.judged_rows(&mut table, label, &main, self.compared_with() == "total");
        let total = self.total.as_ref().map(Judged::from);
        if let Some(t) = &total {
            self.judged_rows(&mut table, "total", t, true);
        }
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
        match &total {
            None => writeln!(w, "  {}", main.bar(e.currency, e.open_ended, style))?,
            Some(t) => {
                let label = pad(self.amount_words(), 5);
                writeln!(w, "  {label}  {}", main.bar(e.currency, e.open_ended, style))?;
                writeln!(w, "  {}  {}", pad("total", 5), t.bar(e.currency, e.open_ended, style))?;
            }
        }
        writeln!(w)?;
        self.write_market(w, style)?;
        writeln!(w)?;
        self.wage.write(w, style)
    }
}

/// The CSV/TSV columns a package adds after `compared_with`: its parts, then its total judged
/// against the estimate's total pay.
pub(crate) const PACKAGE_COLUMNS: [&str; 8] = [
    "offer_base",
    "offer_bonus",
    "offer_equity",
    "offer_total",
    "total_verdict",
    "total_position_pct",
    "total_gap_to_mid",
    "total_compa_ratio",
];

/// An offer's [`PACKAGE_COLUMNS`] (absent, not empty, without a package).
#[derive(serde::Serialize)]
struct PackageRow {
    offer_base: Num,
    offer_bonus: Num,
    offer_equity: Num,
    offer_total: Num,
    total_verdict: Option<&'static str>,
    total_position_pct: Option<Num>,
    total_gap_to_mid: Option<Num>,
    total_compa_ratio: Option<Num>,
}

impl PackageRow {
    fn of(p: &Package, total: Option<&Review>) -> PackageRow {
        PackageRow {
            offer_base: Num(p.base),
            offer_bonus: Num(p.bonus),
            offer_equity: Num(p.equity),
            offer_total: Num(p.total()),
            total_verdict: total.map(|t| t.verdict.as_str()),
            total_position_pct: total.and_then(|t| t.position_pct).map(Num),
            total_gap_to_mid: total.map(|t| Num(t.gap_to_mid)),
            total_compa_ratio: total.and_then(|t| t.compa_ratio).map(Num),
        }
    }
}

/// The offer's own columns, then a package's, if any offer is one.
fn head_columns(package: bool) -> impl Iterator<Item = &'static str> {
    let packaged = if package { &PACKAGE_COLUMNS[..] } else { &[] };
    ["amount", "verdict", "position_pct", "gap_to_mid", "compa_ratio", "compared_with"]
        .into_iter()
        .chain(packaged.iter().copied())
}

impl Record for Offer<'_> {
    fn page(offers: &[Self]) -> anyhow::Result<crate::output::html::Page> {
        Offer::report(offers)
    }

    fn columns() -> Vec<&'static str> {
        head_columns(false).chain(ESTIMATE_COLUMNS).chain(SURVEY_COLUMNS).chain(LEVEL_COLUMNS).collect()
    }

    fn columns_for(offers: &[Self]) -> Vec<&'static str> {
        let with_total = offers.iter().any(|o| o.shown.est.total.is_some());
        let package = offers.iter().any(|o| o.package.is_some());
        head_columns(package)
            .chain(estimate_columns(with_total))
            .chain(SURVEY_COLUMNS)
            .chain(LEVEL_COLUMNS)
            .collect()
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        let head = OfferRow {
            amount: Num(self.amount),
            verdict: self.verdict.as_str(),
            position_pct: self.position_pct.map(Num),
            gap_to_mid: Num(self.gap_to_mid),
            compa_ratio: self.compa_ratio.map(Num),
            compared_with: self.compared_with(),
        };
        let (estimate, survey) = (self.shown.row(), SurveyRow::of(self.market.as_ref()));
        match &self.package {
            Some(p) => {
                out.row((head, PackageRow::of(p, self.total.as_ref()), estimate, survey, self.wage.row()))
            }
            None => out.row((head, estimate, survey, self.wage.row())),
        }
    }

    fn text(offers: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let Some(first) = offers.first() else { return Ok(()) };
        if let [one] = offers {
            return one.write_one(w, style);
        }
        let currency = first.shown.est.currency;
        let what = match &first.package {
            Some(p) => first.package_text(p),
            None if first.compared_with() == "total" => {
                format!(
                    "{} in total pay (with --total, AMOUNT is base + bonus + equity)",
                    money_exact(first.amount, currency)
                )
            }
            None => money_exact(first.amount, currency),
        };
        writeln!(
            w,
            "{}",
            style.bold(&format!(
                "An offer of {what} against each level, {} (no --years or --level given)",
                pay_label(&first.shown.est.pay)
            ))
        )?;
        if let Some(note) = pay_note(&first.shown.est.pay) {
            writeln!(w, "{}", style.dim(&note))?;
        }
        writeln!(w)?;
        let mut table = Table::new();
        let mut header = vec!["level", "range", "mid", "verdict", "position", "gap", "survey"];
        if first.package.is_some() {
            header.extend(["total range", "total verdict", "total gap"]);
        }
        table.header(header);
        for o in offers {
            let main = o.judged();
            let [low, mid, high] = main.range;
            let top = if o.shown.est.open_ended { "+" } else { "" };
            let survey = match o.market.as_ref().map(|m| &m.survey) {
                Some(Some(r)) => rank_short(r.reported),
                Some(None) => "no cell".into(),
                None => "-".into(),
            };
            let mut row = vec![
                Cell::from(level_name(o.shown.tables, o.shown.est.placement)),
                Cell::from(format!("{} – {}{top}", money(low, currency), money(high, currency))),
                Cell::from(money(mid, currency)),
                Cell::new(o.verdict.as_str(), paint(o.verdict)),
                Cell::from(main.position_short(currency)),
                Cell::from(main.gap_text(currency)),
                Cell::from(survey),
            ];
            if let Some(t) = o.total.as_ref().map(Judged::from) {
                let [low, _, high] = t.range;
                row.extend([
                    Cell::from(format!("{} – {}{top}", money(low, currency), money(high, currency))),
                    Cell::new(t.verdict.as_str(), paint(t.verdict)),
                    Cell::from(t.gap_text(currency)),
                ]);
            }
            table.row(row);
        }
        table.write(w, style)?;
        writeln!(w)?;
        let basis = first.shown.basis().as_str();
        writeln!(
            w,
            "  {}",
            style.dim(&format!("profile: {}; {basis} bands", first.shown.profile_text(false)))
        )?;
        if first.gross() {
            let gross =
                "gross: the offer's base + bonus, set against the survey's gross pay, which holds bonus";
            writeln!(w, "  {}", style.dim(gross))?;
        }
        if first.market.is_some() {
            let standings: Vec<&Standing> = offers.iter().filter_map(|o| o.market.as_ref()).collect();
            standing::write_survey_key(w, &standings, style)?;
        }
        // The wage level depends on the amount, the place and the occupation, not the level.
        writeln!(w)?;
        first.wage.write(w, style)
    }
}

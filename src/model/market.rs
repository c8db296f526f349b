//! Real pay beside the estimate: which survey cell and which BLS rows match a profile, where
//! an amount ranks among their percentiles, and the survey's base bands (`--bands market`).
//!
//! Arithmetic and lookups only; how any of it is shown is the output layer's business.

use super::levels::LevelsFor;
use super::round;
use super::{Estimate, Placement};
use crate::error::Error;
use crate::tables::market::{Basis, BlsRow, ML_ENGINEER, NotReleased, POINTS, SurveyCell};
use crate::tables::{Band, Bands, Confidence, CountryBands, Factor, Tables, thousands};

/// The survey year a profile is compared with: the only year with large cells (the survey
/// file ends in January 2025).
pub(crate) const SURVEY_YEAR: &str = "2024";

/// The source key the market bands cite in [`Tables::sources`].
pub(crate) const MARKET_SOURCE: &str = "market";

/// What a profile asks of the survey.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SurveyQuery<'a> {
    /// The specialization's own title group (`research`, `ai-engineer`), else `ml-engineer`.
    pub title_group: &'a str,
    /// The specialization has no title group of its own, so ML-engineer salaries stand in
    /// (false for the neutral specialization, which is ML engineering).
    pub stands_in: bool,
    /// The location's country (ISO 3166-1 alpha-2).
    pub country: &'a str,
    /// The band's level; in the gap between two bands, the nearer one.
    pub level: &'a str,
    /// Experience in a gap between two bands: `level` is the nearer of the two.
    pub nearer_of_blend: bool,
    pub year: &'a str,
}

/// The survey cell a profile is compared with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SurveyMatch<'a> {
    pub cell: &'a SurveyCell,
    /// The year cell is not in the table (fewer than `min_n` salaries): the pooled cell
    /// stands in.
    pub pooled_fallback: bool,
    /// Units of the cell's currency per US dollar, at the tables' rate (1 for a US-dollar cell,
    /// and for a currency the tables have no rate for, which `data` never lets through).
    pub per_usd: f64,
}

/// How a survey cell's salaries are put beside an amount. As reported (`premium` `None`,
/// `location` and `wage` 1): the responses as people gave them, only converted to the output
/// currency. Location-adjusted: a US cell divided by the US survey premium (its respondents sit
/// above the US workforce) and multiplied by the place's location factor, both data-derived, and
/// any cell moved to the pay year by wage growth. Factors the survey does not record (education,
/// industry, company size, a specialization without its own title group) are never applied.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CellScale {
    /// The US survey premium divided out of a US cell; `None` as reported or abroad.
    pub premium: Option<f64>,
    /// The place's location factor, for a US cell; 1 as reported or abroad (the cell is the
    /// country's own).
    pub location: f64,
    /// The wage-growth factor of `--as-of` (1 as reported, and at the survey's own year).
    pub wage: f64,
    /// Units of the output currency per unit of the cell's currency.
    pub rate: f64,
}

impl CellScale {
    /// What each salary is multiplied by, in the cell's currency: premium, place and year.
    pub(crate) fn adjustment(&self) -> f64 {
        self.location * self.wage / self.premium.unwrap_or(1.0)
    }

    /// Whether the salaries are shown as reported (only converted).
    pub(crate) fn is_reported(&self) -> bool {
        self.adjustment() == 1.0
    }

    /// The whole scale: units of the cell's currency to units of the output currency, adjusted.
    pub(crate) fn total(&self) -> f64 {
        self.adjustment() * self.rate
    }

    /// A cell's figure on this footing, in the output currency, to the unit: exactly as
    /// `mlsal market` prints it.
    pub(crate) fn shown(&self, x: f64) -> f64 {
        round(x * self.total())
    }

    /// The mid-rank percentile of `amount` (in the output currency) among `cell`'s salaries on
    /// this footing. The amount is converted once into the cell's currency (not at all when the
    /// currencies agree), so an amount equal to a reported salary ranks exactly at it.
    pub(crate) fn rank(&self, cell: &SurveyCell, amount: f64) -> f64 {
        let amount = if self.rate == 1.0 { amount } else { amount / self.rate };
        cell.mid_rank(amount, self.adjustment())
    }
}

/// A profile's market: its survey cell (if any) and the BLS rows of its location.
#[derive(Clone, Debug)]
pub(crate) struct MarketView<'a> {
    pub query: SurveyQuery<'a>,
    /// The cell of the query's level (the nearer band's in the gap between two bands).
    pub survey: Option<SurveyMatch<'a>>,
    /// The cells an amount is ranked among: the band's own, or in the gap between two bands
    /// the lower and the upper band's, weighted as the band blends them (either may be missing).
    pub cells: [Option<SurveyMatch<'a>>; 2],
    /// The US survey premium of the table, for [`MarketView::scale`]. The scale itself is not
    /// kept: estimates of one location, specialization and band (batch rows) share a view but
    /// not a scale.
    pub us_premium: f64,
    /// Empty outside the US, or for a US location market.toml does not map an area to.
    pub bls: Vec<&'a BlsRow>,
    /// The occupations of the location's area whose wages BLS did not release (Madison's data
    /// scientists): rows that would be in `bls` and are not.
    pub not_released: Vec<&'a NotReleased>,
    /// The approximate OEWS wage levels of the location's area for one occupation.
    pub levels: LevelsFor<'a>,
}

/// The survey cell for a title group, country and level: the `year` cell, else the pooled
/// cell, else none; with its currency's rate in `tables`.
pub(crate) fn lookup<'a>(
    tables: &'a Tables,
    title_group: &str,
    country: &str,
    level: &str,
    year: &str,
) -> Option<SurveyMatch<'a>> {
    let market = &tables.market;
    let found = match market.cell(title_group, country, level, year).filter(|c| !c.pooled) {
        Some(cell) => Some((cell, false)),
        None => market.pooled(title_group, country, level).map(|cell| (cell, true)),
    };
    found.map(|(cell, pooled_fallback)| SurveyMatch {
        cell,
        pooled_fallback,
        per_usd: tables.currencies.find(&cell.currency).map_or(1.0, |c| c.per_usd),
    })
}

/// The band whose level the survey is asked about: the band itself, or in the gap between
/// two bands the nearer one (the lower until halfway across, the upper from halfway on, as
/// rounding goes). Returns the band index and whether it came from a blend.
pub(crate) fn survey_band(placement: Placement) -> (usize, bool) {
    match placement {
        Placement::Band(i) => (i, false),
        Placement::Blend { lower, weight } => (if weight < 0.5 { lower } else { lower + 1 }, true),
    }
}

/// The lower band of a placement: the band itself, or the lower of a gap's two.
fn lower_band(placement: Placement) -> usize {
    match placement {
        Placement::Band(i) | Placement::Blend { lower: i, .. } => i,
    }
}

/// What an estimate's profile asks of the survey.
pub(crate) fn query<'a>(tables: &'a Tables, est: &Estimate<'a>) -> SurveyQuery<'a> {
    let spec = est.factors[Factor::Specialization.index()];
    let neutral = spec.key == tables.factor(Factor::Specialization).default_entry().key;
    let own = tables.market.has_group(&spec.key) && spec.key != ML_ENGINEER;
    let (band, nearer_of_blend) = survey_band(est.placement);
    SurveyQuery {
        title_group: if own { spec.key.as_ref() } else { ML_ENGINEER },
        stands_in: !own && !neutral,
        country: est.factors[Factor::Location.index()].country.as_deref().unwrap_or(""),
        level: &tables.bands.bands[band].level,
        nearer_of_blend,
        year: SURVEY_YEAR,
    }
}

/// The survey cell and BLS rows for an estimate's profile.
pub(crate) fn view<'a>(tables: &'a Tables, est: &Estimate<'a>) -> MarketView<'a> {
    view_for(tables, est, super::levels::DEFAULT_SOC)
}

/// [`view`], with the wage levels of occupation `soc` (a SOC code of `levels::OCCUPATIONS`).
pub(crate) fn view_for<'a>(tables: &'a Tables, est: &Estimate<'a>, soc: &'static str) -> MarketView<'a> {
    let q = query(tables, est);
    let market = &tables.market;
    let location = est.factors[Factor::Location.index()];
    let bls: Vec<&BlsRow> = market.bls_rows(&location.key).collect();
    // The location's areas: those of its rows, and its own (which has none when BLS released
    // nothing for it).
    let mut areas: Vec<&str> = bls.iter().map(|r| r.area_code.as_ref()).collect();
    areas.extend(location.area_code.as_deref());
    let at = |band: usize| lookup(tables, q.title_group, q.country, &tables.bands.bands[band].level, q.year);
    let cells = match est.placement {
        Placement::Band(i) => [at(i), None],
        Placement::Blend { lower, .. } => [at(lower), at(lower + 1)],
    };
    // The query's level is one of those bands (the nearer in a gap): its cell is already there.
    let survey = match survey_band(est.placement) {
        (_, false) => cells[0],
        (band, true) => cells[usize::from(band != lower_band(est.placement))],
    };
    let us_premium = market.survey.us_premium;
    let levels = LevelsFor::of(tables, location, soc);
    MarketView { query: q, survey, cells, us_premium, bls, not_released: market.not_released(&areas), levels }
}

impl MarketView<'_> {
    /// How the survey cell is shown beside `est` as reported (converted only); `None` without a
    /// cell.
    pub(crate) fn scale(&self, est: &Estimate) -> Option<CellScale> {
        self.survey.map(|m| reported_scale(est, &m))
    }
}

/// A cell's salaries as reported, converted to `est`'s currency.
pub(crate) fn reported_scale(est: &Estimate, m: &SurveyMatch) -> CellScale {
    CellScale { premium: None, location: 1.0, wage: 1.0, rate: est.rate / m.per_usd }
}

/// A cell's salaries moved to `est`'s place and pay year (see [`CellScale`]), with the table's
/// US survey premium: a US cell over the premium times the location factor; another
/// country's cell is its place already. Nothing else of the profile is applied.
pub(crate) fn adjusted_scale(us_premium: f64, est: &Estimate, m: &SurveyMatch) -> CellScale {
    let us = m.cell.country == "US";
    CellScale {
        premium: us.then_some(us_premium),
        location: if us { est.factors[Factor::Location.index()].multiplier } else { 1.0 },
        wage: est.pay.factor,
        rate: est.rate / m.per_usd,
    }
}

/// Where an amount ranks among a BLS row's five published percentiles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rank {
    /// A percentile from 10 to 90: linear between the published points, so "about".
    At(f64),
    /// Below p10: BLS publishes nothing finer, so no number is made up.
    BelowP10,
    /// Above p90, likewise.
    AboveP90,
}

impl Rank {
    pub(crate) fn percentile(self) -> Option<f64> {
        match self {
            Rank::At(p) => Some(p),
            _ => None,
        }
    }

    /// `below_p10` or `above_p90`; `None` inside the published range.
    pub(crate) fn beyond(self) -> Option<&'static str> {
        match self {
            Rank::At(_) => None,
            Rank::BelowP10 => Some("below_p10"),
            Rank::AboveP90 => Some("above_p90"),
        }
    }
}

/// The percentile of `amount` among five points `p` (p10, p25, p50, p75, p90, in the same
/// units): linear between them, exactly the point's percentile at a point, never
/// extrapolated past p10 or p90.
///
/// Where several points share one figure (a flat stretch), that figure ranks at the middle of
/// their percentiles, so the rank still never falls as the amount rises.
pub fn rank(amount: f64, p: [f64; 5]) -> Rank {
    if amount.is_nan() || amount < p[0] {
        return Rank::BelowP10;
    }
    if amount > p[4] {
        return Rank::AboveP90;
    }
    let first = p.iter().position(|&x| x == amount);
    let last = p.iter().rposition(|&x| x == amount);
    if let (Some(a), Some(b)) = (first, last) {
        return Rank::At((POINTS[a] + POINTS[b]) / 2.0);
    }
    // Strictly inside one segment p[i] < amount < p[i + 1].
    let i = p.iter().rposition(|&x| x < amount).unwrap_or(0).min(3);
    let t = (amount - p[i]) / (p[i + 1] - p[i]);
    Rank::At(POINTS[i] + t * (POINTS[i + 1] - POINTS[i]))
}

/// A BLS row's percentiles in the output currency, to the unit, as printed.
pub(crate) fn bls_shown(row: &BlsRow, rate: f64) -> [f64; 5] {
    row.pct.0.map(|x| if rate == 1.0 { x as f64 } else { round(x as f64 * rate) })
}

/// Where an amount ranks in a profile's survey cells.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SurveyRank<'a> {
    /// The cells ranked among, each with its weight: the band's own cell (weight 1), or in the
    /// gap between two bands both neighbours' cells, weighted as the band blends them (a
    /// missing cell's weight goes to the other), so the rank moves smoothly with the band.
    pub cells: [Option<(SurveyMatch<'a>, f64)>; 2],
    /// The amount's mid-rank percentile among the responses as reported (0 below them all,
    /// 100 above them all): the survey's own figure.
    pub reported: f64,
    /// How the cells were moved to the profile's place and pay year (of the first cell).
    pub adjustment: CellScale,
    /// The amount's mid-rank among the salaries so moved.
    pub adjusted: f64,
}

impl<'a> SurveyRank<'a> {
    /// The cell that weighs most (the first on a tie): the one named where one cell is named.
    pub(crate) fn main(&self) -> SurveyMatch<'a> {
        match self.cells {
            // On a tie (2.5 years) the upper, as `survey_band` names the nearer level.
            [Some((a, wa)), Some((b, wb))] => {
                if wb >= wa {
                    b
                } else {
                    a
                }
            }
            [Some((a, _)), None] | [None, Some((a, _))] => a,
            [None, None] => unreachable!("a survey rank has a cell"),
        }
    }

    /// Both cells, when the rank blends two.
    pub(crate) fn blended(&self) -> Option<[(SurveyMatch<'a>, f64); 2]> {
        match self.cells {
            [Some(a), Some(b)] => Some([a, b]),
            _ => None,
        }
    }
}

/// Where an amount sits in a profile's market.
#[derive(Clone, Debug)]
pub(crate) struct Standing<'a> {
    pub survey: Option<SurveyRank<'a>>,
    pub bls: Vec<(&'a BlsRow, Rank)>,
}

/// Ranks `amount` (in `est`'s currency) in `view`'s survey cells, as reported and moved to the
/// profile's place and pay year, and in its BLS rows, each against its figures as they are
/// printed. `view` is the view of `est`'s location, specialization and band
/// (`view(tables, est)`, or one shared by the estimates that have them).
pub(crate) fn standing<'a>(view: &MarketView<'a>, est: &Estimate, amount: f64) -> Standing<'a> {
    Standing {
        survey: survey_rank(view, est, amount),
        bls: view.bls.iter().map(|r| (*r, rank(amount, bls_shown(r, est.rate)))).collect(),
    }
}

fn survey_rank<'a>(view: &MarketView<'a>, est: &Estimate, amount: f64) -> Option<SurveyRank<'a>> {
    let weights = match est.placement {
        Placement::Band(_) => [1.0, 0.0],
        Placement::Blend { weight, .. } => [1.0 - weight, weight],
    };
    // A level without a cell that weighs more than the one with a cell: no rank, rather than
    // the other level's cell standing in for most of the band.
    if view.cells.iter().zip(weights).any(|(m, w)| m.is_none() && w > 0.5) {
        return None;
    }
    let mut cells = [None; 2];
    let (mut reported, mut adjusted, mut total) = (0.0, 0.0, 0.0);
    let mut adjustment = None;
    for ((slot, m), w) in cells.iter_mut().zip(view.cells).zip(weights) {
        let Some(m) = m.filter(|_| w > 0.0) else { continue };
        let adjust = adjusted_scale(view.us_premium, est, &m);
        reported += w * reported_scale(est, &m).rank(m.cell, amount);
        adjusted += w * adjust.rank(m.cell, amount);
        total += w;
        adjustment.get_or_insert(adjust);
        *slot = Some((m, w));
    }
    let adjustment = adjustment?;
    for (_, w) in cells.iter_mut().flatten() {
        *w /= total;
    }
    Some(SurveyRank { cells, reported: reported / total, adjustment, adjusted: adjusted / total })
}

/// A country's own market band for the level of `b`: its `ml-engineer` cell of
/// [`SURVEY_YEAR`] (else the pooled cell), p25, median and p75 as reported, in US dollars at the
/// tables' rate; `None` without a cell. No premium: the cell is the country's pay itself.
fn country_band(tables: &Tables, country: &str, b: &Band) -> Option<Band> {
    let found = lookup(tables, ML_ENGINEER, country, &b.level, SURVEY_YEAR)?;
    let c = found.cell;
    let usd = |x: i64| x as f64 / found.per_usd;
    let fallback =
        if found.pooled_fallback { format!(" (no {SURVEY_YEAR} cell: pooled)") } else { String::new() };
    let rate = if found.per_usd == 1.0 {
        String::new()
    } else {
        format!(" at 1 USD = {} {}", found.per_usd, c.currency)
    };
    Some(Band {
        low: usd(c.pct.p25()),
        mid: Some(usd(c.pct.p50())),
        high: usd(c.pct.p75()),
        open_ended: false,
        source: MARKET_SOURCE.into(),
        confidence: Confidence::Medium,
        note: Some(format!(
            "survey: {country} {ML_ENGINEER}, {} level, {}{fallback}, n = {} distinct: p25, median and p75 of gross salary as reported ({}{rate}), the country's own cell (shown over the location factor, which the estimate multiplies back)",
            c.level, c.year, thousands(i64::from(c.n)), c.currency
        ).into()),
        ..b.clone()
    })
}

/// Replaces the article's bands with the survey's: for each level, the US `ml-engineer`
/// cell of [`SURVEY_YEAR`] (else its pooled cell), low = p25, mid = the median, high = p75,
/// each divided by the US survey premium, so that the location factor applied next counts the
/// place once. The mid is the median, not halfway, since pay is skewed: an amount at the mid
/// ranks at the cell's 50th percentile, at the low its 25th, at the high its 75th. Years,
/// labels and the open top of the last band stay the article's, so placement, the 2-3 year
/// blend and everything after it work exactly as before. The bands' source is added to
/// `tables.sources` under [`MARKET_SOURCE`].
///
/// A level without a cell is a gap in the data ([`Error::MarketGap`], exit 1).
pub fn use_market_bands(tables: &mut Tables) -> Result<(), Error> {
    let market = &tables.market;
    let premium = market.survey.us_premium;
    let bands = tables
        .bands
        .bands
        .iter()
        .map(|b| {
            let found = lookup(tables, ML_ENGINEER, "US", &b.level, SURVEY_YEAR).ok_or_else(|| {
                Error::MarketGap {
                    group: ML_ENGINEER,
                    level: b.level.to_string(),
                    year: SURVEY_YEAR,
                    pooled: market.survey.pooled_years.to_string(),
                }
            })?;
            let c = found.cell;
            let fallback =
                if found.pooled_fallback { format!(" (no {SURVEY_YEAR} cell: pooled)") } else { String::new() };
            let neutral = |x: i64| x as f64 / premium;
            Ok(Band {
                low: neutral(c.pct.p25()),
                mid: Some(neutral(c.pct.p50())),
                high: neutral(c.pct.p75()),
                // The survey's p75 is a figure, not the article's open "$200,000+".
                open_ended: false,
                source: MARKET_SOURCE.into(),
                confidence: Confidence::Medium,
                note: Some(format!(
                    "survey: US {ML_ENGINEER}, {} level, {}{fallback}, n = {} distinct: p25, median and p75 of gross salary as reported, / {premium} (US survey premium); a country without cells of its own takes this band times its location factor",
                    c.level, c.year, thousands(i64::from(c.n))
                ).into()),
                ..b.clone()
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    // One basis per country: where a country has cells of its own, its bands are those cells.
    let mut countries: Vec<&str> = market
        .survey
        .cells
        .iter()
        .filter(|c| c.title_group == ML_ENGINEER && c.country != "US")
        .map(|c| c.country.as_ref())
        .collect();
    countries.sort_unstable();
    countries.dedup();
    let abroad: Vec<CountryBands> = countries
        .into_iter()
        .map(|country| CountryBands {
            country: country.to_string().into(),
            bands: tables.bands.bands.iter().map(|b| country_band(tables, country, b)).collect(),
        })
        .filter(|c| c.bands.iter().any(Option::is_some))
        .collect();
    // The bands are pay of the survey's work year, whatever the date of the file: that is the
    // year `--as-of` moves them from.
    let as_of = SURVEY_YEAR.to_string();
    let source = market.survey.source.clone();
    tables.bands =
        Bands { as_of: as_of.into(), bands: bands.into(), basis: Basis::Market, abroad: abroad.into() };
    // The edge of the data is a band's p90 over its mid: new bands, new limits.
    tables.edges = std::sync::OnceLock::new();
    tables.add_source(MARKET_SOURCE.into(), source);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;
    use crate::model::{Experience, Options, Profile, estimate};

    fn profile(t: &Tables, experience: Experience, values: &[(Factor, &str)]) -> Profile {
        let mut factors = Factor::ALL.map(|f| t.factor(f).default_index());
        for (f, v) in values {
            factors[f.index()] = t.factor(*f).find(v).unwrap();
        }
        Profile { experience, factors }
    }

    fn cell_of<'a>(t: &'a Tables, p: &Profile) -> (SurveyQuery<'a>, Option<SurveyMatch<'a>>) {
        let est = estimate(t, p, &Options::default());
        let v = view(t, &est);
        (v.query, v.survey)
    }

    #[test]
    fn rank_is_exact_at_the_stored_points_and_linear_between() {
        let pct = [100.0, 200.0, 300.0, 400.0, 500.0];
        for (x, p) in [(100.0, 10.0), (200.0, 25.0), (300.0, 50.0), (400.0, 75.0), (500.0, 90.0)] {
            assert_eq!(rank(x, pct), Rank::At(p), "{x}");
        }
        assert_eq!(rank(150.0, pct), Rank::At(17.5));
        assert_eq!(rank(250.0, pct), Rank::At(37.5));
        assert_eq!(rank(99.99, pct), Rank::BelowP10);
        assert_eq!(rank(500.01, pct), Rank::AboveP90);
        assert_eq!(rank(f64::NAN, pct), Rank::BelowP10);
    }

    #[test]
    fn flat_stretches_rank_at_their_middle() {
        let pct = [100.0, 100.0, 300.0, 300.0, 300.0];
        assert_eq!(rank(100.0, pct), Rank::At(17.5));
        assert_eq!(rank(300.0, pct), Rank::At(70.0));
        assert_eq!(rank(200.0, pct), Rank::At(37.5));
    }

    #[test]
    fn survey_level_is_the_nearer_band_in_the_gap() {
        assert_eq!(survey_band(Placement::Band(2)), (2, false));
        assert_eq!(survey_band(Placement::Blend { lower: 0, weight: 0.25 }), (0, true));
        assert_eq!(survey_band(Placement::Blend { lower: 0, weight: 0.5 }), (1, true));
        assert_eq!(survey_band(Placement::Blend { lower: 0, weight: 0.75 }), (1, true));
    }

    #[test]
    fn a_profile_finds_its_cell_and_says_how() {
        let t = load_embedded().unwrap();
        let p = profile(&t, Experience::Years(4.0), &[(Factor::Location, "sf")]);
        let (q, m) = cell_of(&t, &p);
        assert_eq!((q.title_group, q.country, q.level, q.year), ("ml-engineer", "US", "mid", "2024"));
        let m = m.unwrap();
        assert_eq!((m.cell.n, m.pooled_fallback, m.cell.year.as_ref()), (349, false, "2024"));

        // The UK mid cell of 2024 has 30 rows but 20 distinct responses: the pooled cell stands in.
        let p = profile(&t, Experience::Level(1), &[(Factor::Location, "london")]);
        let (q, m) = cell_of(&t, &p);
        assert_eq!((q.title_group, q.country, q.level), ("ml-engineer", "GB", "mid"));
        let m = m.expect("the pooled cell stands in");
        assert!(m.pooled_fallback && m.cell.pooled);
        assert_eq!((m.cell.year.as_ref(), m.cell.n), ("2023-2025", 34));
        // London research at senior level: 2024 and the pooled years are both too few.
        let p = profile(
            &t,
            Experience::Level(2),
            &[(Factor::Location, "london"), (Factor::Specialization, "research")],
        );
        let (q, m) = cell_of(&t, &p);
        assert_eq!((q.title_group, q.country, q.level, m), ("research", "GB", "senior", None));

        let p = profile(&t, Experience::Level(0), &[(Factor::Location, "bangalore")]);
        let (q, m) = cell_of(&t, &p);
        assert_eq!((q.country, m), ("IN", None));

        let p = profile(&t, Experience::Level(1), &[(Factor::Specialization, "ai-engineer")]);
        assert_eq!(cell_of(&t, &p).0.title_group, "ai-engineer");
        let p = profile(&t, Experience::Level(1), &[(Factor::Specialization, "nlp")]);
        let (q, _) = cell_of(&t, &p);
        assert_eq!((q.title_group, q.stands_in), ("ml-engineer", true));
        let p = profile(&t, Experience::Years(2.6), &[]);
        let (q, _) = cell_of(&t, &p);
        assert_eq!((q.level, q.nearer_of_blend), ("mid", true));
    }

    #[test]
    fn us_and_remote_us_take_the_national_rows_and_abroad_has_none() {
        let t = load_embedded().unwrap();
        for key in ["us", "remote-us"] {
            let rows: Vec<_> =
                t.market.bls_rows(key).map(|r| (r.area_code.as_ref(), r.occ_code.as_ref())).collect();
            assert_eq!(rows, [("99", "15-1252"), ("99", "15-2051")], "{key}");
        }
        assert_eq!(t.market.bls_rows("london").count(), 0);
        let sf: Vec<_> = t.market.bls_rows("sf").map(|r| r.area_title.as_ref()).collect();
        assert_eq!(sf.len(), 2);
        assert!(sf.iter().all(|a| a.starts_with("San Francisco")), "{sf:?}");
    }

    #[test]
    fn madison_is_missing_the_data_scientists_bls_did_not_release() {
        let t = load_embedded().unwrap();
        let est = |city: &str| {
            estimate(
                &t,
                &profile(&t, Experience::Years(4.0), &[(Factor::Location, city)]),
                &Options::default(),
            )
        };
        let e = est("madison");
        let v = view(&t, &e);
        let rows: Vec<&str> = v.bls.iter().map(|r| r.occ_code.as_ref()).collect();
        let missing: Vec<(&str, &str)> =
            v.not_released.iter().map(|n| (n.area_code.as_ref(), n.occ_code.as_ref())).collect();
        assert_eq!((rows, missing), (vec!["15-1252"], vec![("31540", "15-2051")]));
        for city in ["sf", "us", "london"] {
            let e = est(city);
            assert_eq!(view(&t, &e).not_released, Vec::<&NotReleased>::new(), "{city}");
        }
        // An area whose every row is unreleased is still found, by the location's own code.
        let mut bare = t.clone();
        bare.market.bls.rows.to_mut().retain(|r| r.area_code != "31540");
        let e = estimate(
            &bare,
            &profile(&bare, Experience::Years(4.0), &[(Factor::Location, "madison")]),
            &Options::default(),
        );
        let v = view(&bare, &e);
        assert_eq!((v.bls.len(), v.not_released.len()), (0, 1));
    }

    #[test]
    fn market_bands_are_the_us_ml_engineer_quartiles_over_the_premium_and_keep_the_years() {
        let t = load_embedded().unwrap();
        let mut m = t.clone();
        use_market_bands(&mut m).unwrap();
        assert_eq!(m.bands.basis, Basis::Market);
        let f = t.market.survey.us_premium;
        for (a, b) in t.bands.bands.iter().zip(m.bands.bands.iter()) {
            let c = t.market.cell(ML_ENGINEER, "US", &a.level, SURVEY_YEAR).unwrap();
            let want = [c.pct.p25(), c.pct.p50(), c.pct.p75()].map(|x| x as f64 / f);
            assert_eq!([b.low, b.middle(), b.high], want, "{}", a.level);
            assert_eq!((b.from_years, b.to_years), (a.from_years, a.to_years));
            assert!(!b.open_ended, "a survey p75 is a figure, not an open top");
        }
        assert_eq!(m.source(MARKET_SOURCE), Some(&*t.market.survey.source));
        // The gap blends the survey's bands as it blended the article's.
        let p = profile(&m, Experience::Years(2.5), &[]);
        let e = estimate(&m, &p, &Options { round: 1, ..Options::default() });
        let (lo, hi) = (&m.bands.bands[0], &m.bands.bands[1]);
        assert_eq!(e.low, ((lo.low + hi.low) / 2.0).round() as i64);
        assert_eq!(e.mid, ((lo.middle() + hi.middle()) / 2.0).round() as i64);
        assert_eq!(e.high, ((lo.high + hi.high) / 2.0).round() as i64);
    }

    /// The rank an independent count gives: 100 x (salaries below + half those equal) / n.
    fn count_rank(salaries: &[u32], amount: f64) -> f64 {
        let below = salaries.iter().filter(|&&x| f64::from(x) < amount).count() as f64;
        let equal = salaries.iter().filter(|&&x| f64::from(x) == amount).count() as f64;
        100.0 * (below + equal / 2.0) / salaries.len() as f64
    }

    fn rank_of(t: &Tables, p: &Profile, opts: &Options<'static>, amount: f64) -> SurveyRank<'static> {
        let t: &'static Tables = Box::leak(Box::new(t.clone()));
        let est = estimate(t, p, opts);
        standing(&view(t, &est), &est, amount).survey.expect("a survey cell")
    }

    /// A survey rank is the survey's: the amount among the cell's responses as reported. The
    /// issue's Seattle PhD in finance at $230k: the 66th percentile of 758, whatever the
    /// education and industry (the survey records neither).
    #[test]
    fn a_survey_rank_is_among_the_responses_as_reported() {
        let t = load_embedded().unwrap();
        let cell = t.market.cell(ML_ENGINEER, "US", "senior", SURVEY_YEAR).unwrap();
        let plain = profile(&t, Experience::Level(2), &[(Factor::Location, "seattle")]);
        let stacked = profile(
            &t,
            Experience::Level(2),
            &[(Factor::Location, "seattle"), (Factor::Education, "phd"), (Factor::Industry, "finance")],
        );
        let o = Options::default();
        let (a, b) = (rank_of(&t, &plain, &o, 230_000.0), rank_of(&t, &stacked, &o, 230_000.0));
        assert_eq!(cell.n, 758);
        assert_eq!(a.reported, count_rank(&cell.salaries, 230_000.0));
        assert!((a.reported - 66.0).abs() <= 1.0, "{}", a.reported);
        assert_eq!((a.reported, a.adjusted), (b.reported, b.adjusted), "education and industry move no rank");
        // The location-adjusted rank moves the cell by the premium and Seattle's factor only.
        let seattle = t.factor(Factor::Location).find("seattle").unwrap();
        let factor = t.factor(Factor::Location).entries[seattle].multiplier / t.market.survey.us_premium;
        assert_eq!(a.adjustment.adjustment(), factor);
        let moved: Vec<u32> = cell.salaries.iter().map(|&x| round(f64::from(x) * factor) as u32).collect();
        assert_eq!(a.adjusted, count_rank(&moved, 230_000.0));
    }

    /// Ranks in the currency people reported: a GBP amount equal to a UK response's reported
    /// GBP salary ranks exactly at it, with no round trip through dollars.
    #[test]
    fn a_reported_salary_ranks_exactly_where_it_is_in_its_own_currency() {
        let t = load_embedded().unwrap();
        let cell = t.market.cell(ML_ENGINEER, "GB", "senior", SURVEY_YEAR).unwrap();
        assert_eq!(&*cell.currency, "GBP");
        let p = profile(&t, Experience::Level(2), &[(Factor::Location, "london")]);
        let gbp = t.currencies.find("GBP").unwrap().per_usd;
        let o = Options { rate: gbp, currency: "GBP", ..Options::default() };
        for &x in cell.salaries.iter() {
            let r = rank_of(&t, &p, &o, f64::from(x));
            assert_eq!(r.reported, count_rank(&cell.salaries, f64::from(x)), "GBP {x}");
            assert!(r.adjustment.is_reported(), "a country's own cell at its year is not moved");
        }
        // In dollars, the amount is converted once, at the tables' rate.
        let x = cell.salaries[15];
        let r = rank_of(&t, &p, &Options::default(), f64::from(x) / gbp);
        assert!((r.reported - count_rank(&cell.salaries, f64::from(x))).abs() < 1e-9, "{}", r.reported);
    }

    /// Between 2 and 3 years the rank moves with the band: both cells weighted as the band
    /// blends them, so no jump where the nearer level changes; at the ends, the band's own cell.
    #[test]
    fn no_seam_at_the_blend_years() {
        let t = load_embedded().unwrap();
        let o = Options::default();
        let at = |y: f64| {
            rank_of(&t, &profile(&t, Experience::Years(y), &[(Factor::Location, "nyc")]), &o, 118_000.0)
        };
        let entry = t.market.cell(ML_ENGINEER, "US", "entry", SURVEY_YEAR).unwrap();
        let mid = t.market.cell(ML_ENGINEER, "US", "mid", SURVEY_YEAR).unwrap();
        assert_eq!(at(2.0).reported, count_rank(&entry.salaries, 118_000.0));
        assert_eq!(at(3.0).reported, count_rank(&mid.salaries, 118_000.0));
        let mut last = at(2.0).reported;
        for k in 1..=20 {
            let r = at(2.0 + f64::from(k) / 20.0);
            assert!(
                (r.reported - last).abs() < 2.0,
                "{} years: {} after {last}",
                2.0 + f64::from(k) / 20.0,
                r.reported
            );
            last = r.reported;
        }
        let half = at(2.5);
        let want = (count_rank(&entry.salaries, 118_000.0) + count_rank(&mid.salaries, 118_000.0)) / 2.0;
        assert!((half.reported - want).abs() < 1e-9);
        assert_eq!(half.blended().map(|[a, b]| (a.1, b.1)), Some((0.5, 0.5)));
    }

    #[test]
    fn market_bands_need_a_cell_for_every_level() {
        let mut t = load_embedded().unwrap();
        t.market.survey.cells.to_mut().retain(|c| !(c.level == "entry" && c.country == "US"));
        let err = use_market_bands(&mut t).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::EXIT_FAILED, "a gap in the data: it could not run");
        let err = err.to_string();
        assert!(err.contains("level `entry`") && err.contains("--bands article"), "{err}");
    }
}

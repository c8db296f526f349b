//! The estimation model: a base band from experience, times the product of five factor
//! multipliers held to `[floor, cap]`, rounded.
//!
//! It knows nothing of the terminal or of TOML; it reads [`Tables`] and returns numbers.

pub mod amount;
pub(crate) mod edge;
pub(crate) mod equity;
pub(crate) mod levels;
pub mod market;
pub(crate) mod pay;
pub(crate) mod raise;
pub(crate) mod review;
pub(crate) mod summary;
pub mod wages;
pub(crate) mod years;

use self::pay::Total;
use self::wages::PayYear;
use crate::error::Error;
use crate::tables::{Bounds, Entry, Factor, MAX_YEARS, Tables};

/// Experience is given either as years (placed on the bands, blending across gaps) or as a
/// level picked directly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Experience {
    Years(f64),
    /// Index into `Tables::bands`.
    Level(usize),
}

/// A resolved profile: experience plus one entry index per factor (in [`Factor::ALL`] order).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Profile {
    pub experience: Experience,
    pub factors: [usize; Factor::COUNT],
}

/// What a profile asks for, as typed: values not yet looked up. Shared by every command and
/// by batch rows, so all of them resolve (and fail) the same way.
#[derive(Clone, Debug, Default)]
pub struct ProfileSpec<S> {
    pub years: Option<f64>,
    pub level: Option<S>,
    /// One optional value per factor, in [`Factor::ALL`] order.
    pub factors: [Option<S>; Factor::COUNT],
}

impl<S: AsRef<str>> ProfileSpec<S> {
    /// Looks every value up; a missing factor takes its table's neutral default.
    ///
    /// With neither years nor level, this is the profile at the first band; callers that
    /// show every level use [`Profile::with_level`] instead.
    pub fn resolve(&self, tables: &Tables) -> Result<Profile, Error> {
        let experience = match (self.years, &self.level) {
            (Some(_), Some(_)) => {
                return Err(Error::InvalidValue {
                    flag: "--level",
                    value: self.level.as_ref().map_or("", AsRef::as_ref).to_string(),
                    reason: "give either years or a level, not both".into(),
                });
            }
            (Some(y), None) => Experience::Years(check_years(y, None)?),
            (None, Some(level)) => Experience::Level(tables.bands.resolve(level.as_ref())?),
            (None, None) => Experience::Level(0),
        };
        let mut factors = [0; Factor::COUNT];
        for (slot, factor) in factors.iter_mut().zip(Factor::ALL) {
            let table = tables.factor(factor);
            *slot = match &self.factors[factor.index()] {
                Some(v) => table.resolve(v.as_ref())?,
                None => table.default_index(),
            };
        }
        Ok(Profile { experience, factors })
    }

    /// The profiles a command shows for this spec: the one profile when it names an
    /// experience, else the profile at every level, in band order. `estimate`, `market` and
    /// `offer` all answer "no experience given" with every level, through this one place.
    pub(crate) fn profiles(&self, tables: &Tables) -> Result<Vec<Profile>, Error> {
        let profile = self.resolve(tables)?;
        Ok(if self.has_experience() {
            vec![profile]
        } else {
            (0..tables.bands.bands.len()).map(|i| profile.with_level(i)).collect()
        })
    }

    /// Whether the spec names an experience at all (else `estimate` shows every level).
    pub(crate) fn has_experience(&self) -> bool {
        self.years.is_some() || self.level.is_some()
    }
}

impl Profile {
    pub(crate) fn with_level(self, level: usize) -> Profile {
        Profile { experience: Experience::Level(level), ..self }
    }
}

/// Parses years of experience as typed: a finite number from 0 to [`MAX_YEARS`].
pub fn parse_years(s: &str) -> Result<f64, Error> {
    let t = s.trim();
    let y: f64 = t.parse().map_err(|_| Error::InvalidYears {
        value: s.to_string(),
        reason: "expected a number of years, like 4 or 2.5",
    })?;
    check_years(y, Some(s))
}

fn check_years(y: f64, typed: Option<&str>) -> Result<f64, Error> {
    let value = || typed.map_or_else(|| y.to_string(), str::to_string);
    if !y.is_finite() {
        return Err(Error::InvalidYears {
            value: value(),
            reason: "years must be a finite number from 0 to 60",
        });
    }
    if !(0.0..=MAX_YEARS).contains(&y) {
        return Err(Error::InvalidYears { value: value(), reason: "years must be from 0 to 60" });
    }
    Ok(round_years(y))
}

/// Years as mlsal uses them, to 4 decimals (under an hour): `1e-300` is 0 years, not 300
/// digits in every output, and `-0` is 0. Every number of years goes through here once,
/// typed or stepped (`compare --years 2..3:0.33333`), so the same years price the same.
pub(crate) fn round_years(y: f64) -> f64 {
    round(y * 10_000.0) / 10_000.0 + 0.0
}

/// Where experience falls on the bands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Placement {
    /// Inside band `i`.
    Band(usize),
    /// In the gap after band `lower` (the article has no band for 2-3 years): blended
    /// linearly with the next band, `weight` of the way across.
    Blend { lower: usize, weight: f64 },
}

/// Which bound held the combined multiplier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bound {
    Floor,
    Cap,
    /// The non-location factors were held to the edge of the data (`edge`).
    Edge,
}

impl Bound {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Bound::Floor => "floor",
            Bound::Cap => "cap",
            Bound::Edge => "edge",
        }
    }
}

/// Presentation choices that change numbers: rounding, currency and total pay.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// Round every amount to the nearest this many units (default 1,000).
    pub round: u64,
    /// Units of `currency` per US dollar.
    pub rate: f64,
    pub currency: &'a str,
    /// Convert each estimate to the currency of its location instead (`--currency local`):
    /// `rate` and `currency` are then ignored.
    pub local: bool,
    /// Add bonus and equity (`--total`).
    pub total: bool,
    /// The year to price in (`--as-of`), with the factor that moves the bands' pay there;
    /// `None` for the bands' own year.
    pub pay: Option<PayYear<'a>>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { round: 1000, rate: 1.0, currency: "USD", local: false, total: false, pay: None }
    }
}

impl<'a> Options<'a> {
    /// The year the amounts are for and how they got there: `pay`, else the bands' own year.
    pub(crate) fn pay_year(&self, tables: &Tables) -> PayYear<'a> {
        self.pay.unwrap_or_else(|| PayYear::unadjusted(tables.bands.pay_year()))
    }

    /// The wage-growth factor applied to the base band (1 at the bands' own year).
    pub(crate) fn wage_factor(&self) -> f64 {
        self.pay.map_or(1.0, |p| p.factor)
    }
}

/// One estimate with everything needed to explain it.
#[derive(Clone, Debug)]
pub struct Estimate<'a> {
    pub(crate) placement: Placement,
    pub years: Option<f64>,
    /// The band used, in USD, before factors (blended where the placement is a blend).
    pub base_low: f64,
    /// The band's middle in USD before factors: halfway for the article's bands, the survey's
    /// median for market bands.
    pub base_mid: f64,
    pub base_high: f64,
    pub open_ended: bool,
    /// The entry used for each factor, in [`Factor::ALL`] order.
    pub(crate) factors: [&'a Entry; Factor::COUNT],
    /// The product of the five multipliers, rounded to 4 decimals, before the bounds.
    pub raw_multiplier: f64,
    /// The multiplier applied: `raw_multiplier` held to `[floor, cap]`.
    pub multiplier: f64,
    pub(crate) bound: Option<Bound>,
    pub low: i64,
    pub mid: i64,
    pub high: i64,
    pub currency: &'a str,
    /// Units of `currency` per US dollar (1 for USD).
    pub rate: f64,
    /// Bonus, equity and total, with `--total`.
    pub(crate) total: Option<Total<'a>>,
    /// The year the amounts are for, and the wage-growth factor from the bands' year.
    pub pay: PayYear<'a>,
}

impl Estimate<'_> {
    pub fn capped(&self) -> bool {
        self.bound.is_some()
    }

    /// The low, mid and high a change is ranked and shown by: total pay's with `--total` (a
    /// move to big tech adds equity, not only base), else base salary's.
    pub(crate) fn pay_range(&self) -> [i64; 3] {
        self.total.as_ref().map_or([self.low, self.mid, self.high], |t| t.total)
    }
}

/// Rounds to the nearest `step` (half away from zero).
pub fn round_to(x: f64, step: u64) -> i64 {
    let step = step.max(1) as f64;
    (round(x / step) * step) as i64
}

/// `num / den` (`den > 0`) to the nearest whole number, a half away from zero, in whole
/// numbers: exactly what a person computing the decimal gets (80,500 / 140,000 is 0.575, so
/// 0.58), where the float quotient (0.57499999...) would round the half down.
pub(crate) fn round_div(num: i64, den: i64) -> i64 {
    debug_assert!(den > 0);
    let q = (2 * num.unsigned_abs() + den.unsigned_abs()) / (2 * den.unsigned_abs());
    if num < 0 { -(q as i64) } else { q as i64 }
}

/// An amount to the cent (as [`amount`] reads them) in whole cents.
pub(crate) fn cents(amount: f64) -> i64 {
    round(amount * 100.0) as i64
}

/// Rounds a multiplier to 4 decimals, so what is shown is exactly what is applied.
pub(crate) fn round4(x: f64) -> f64 {
    round(x * 10_000.0) / 10_000.0
}

/// `x.round()` (half away from zero), bit for bit, without a call into the maths library:
/// x86-64's baseline has no rounding instruction (SSE4.1's `roundsd`), so `f64::round` is a
/// function call, and a pay review rounds seven times a row (24 instructions each, 3% of
/// the row). Below 2^52 in size a float's whole part fits an `i64` and `x - whole` is exact;
/// from there on every float is whole already (and NaN and the infinities are their own).
#[inline]
pub(crate) fn round(x: f64) -> f64 {
    if x.is_nan() || x.abs() >= 4_503_599_627_370_496.0 {
        return x;
    }
    // Toward zero, then a step away from zero for a half or more, without a branch (which a
    // pay's cents would send either way at random); the result has `x`'s sign, as
    // `f64::round`'s has (-0.3 gives -0.0).
    let whole = x as i64 as f64;
    let d = x - whole;
    let step = f64::from(u8::from(d >= 0.5)) - f64::from(u8::from(d <= -0.5));
    (whole + step).copysign(x)
}

/// Places years on the bands: inside a band (ends inclusive, first match wins, so exactly 5
/// years is mid), or in a gap between two bands, blended linearly.
pub(crate) fn place(tables: &Tables, years: f64) -> Placement {
    let bands = &tables.bands.bands;
    for (i, b) in bands.iter().enumerate() {
        if years <= b.to_years {
            return Placement::Band(i);
        }
        if let Some(next) = bands.get(i + 1)
            && years < next.from_years
        {
            let weight = (years - b.to_years) / (next.from_years - b.to_years);
            return Placement::Blend { lower: i, weight };
        }
    }
    Placement::Band(bands.len() - 1)
}

/// Estimates the pay of one profile: the band for its experience (blended in a gap), moved
/// to the year asked for (`opts.pay`), times the product of its five factors held to the
/// bounds, in the currency asked for (with `local`, the location's), rounded; with
/// `opts.total`, bonus and equity for its company size. Every command estimates through this.
pub fn estimate<'a>(tables: &'a Tables, profile: &Profile, opts: &Options<'a>) -> Estimate<'a> {
    let (placement, years) = match profile.experience {
        Experience::Years(y) => (place(tables, y), Some(y)),
        Experience::Level(i) => (Placement::Band(i), None),
    };
    let factors = Factor::ALL.map(|f| &tables.factor(f).entries[profile.factors[f.index()]]);
    // A country's own market band is its survey cell, which holds the place: the location
    // factor is divided out here and multiplied back with the others, so the estimate is the
    // cell times the non-location factors (and the place is counted once).
    let location = factors[Factor::Location.index()];
    let band = |i: usize| {
        let (b, own) = tables.bands.for_country(location.country.as_deref(), i);
        let k = if own { location.multiplier } else { 1.0 };
        (b.low / k, b.middle() / k, b.high / k, b.open_ended)
    };
    let (base_low, base_mid, base_high, open_ended) = match placement {
        Placement::Band(i) => band(i),
        Placement::Blend { lower, weight } => {
            let (a, b) = (band(lower), band(lower + 1));
            let blend = |x: f64, y: f64| x + (y - x) * weight;
            (blend(a.0, b.0), blend(a.1, b.1), blend(a.2, b.2), b.3)
        }
    };
    let raw_multiplier = round4(factors.iter().map(|e| e.multiplier).product());
    // The non-location factors stack at most to the edge of the data (`edge`); a product at
    // or below 1 is never held, so the limit is only looked up where it can bind.
    let others: f64 = Factor::ALL
        .iter()
        .filter(|f| **f != Factor::Location)
        .map(|f| factors[f.index()].multiplier)
        .product();
    let spec = profile.factors[Factor::Specialization.index()];
    let (held, at_edge) = match others > 1.0 {
        true => {
            let limit = edge::limit(tables, spec, placement, location.country.as_deref());
            // Down to 4 decimals, so a held mid never passes the p90 it is held to; and the
            // multiplier is the smaller of the two, so raising a factor never lowers it.
            let edge = (location.multiplier * limit * 10_000.0).floor() / 10_000.0;
            if raw_multiplier > edge { (edge, true) } else { (raw_multiplier, false) }
        }
        false => (raw_multiplier, false),
    };
    let Bounds { floor, cap } = tables.bounds;
    let (multiplier, bound) = if held > cap {
        (cap, Some(Bound::Cap))
    } else if held < floor {
        (floor, Some(Bound::Floor))
    } else {
        (held, at_edge.then_some(Bound::Edge))
    };
    let (currency, rate) = if opts.local {
        local_currency(tables, factors[Factor::Location.index()])
    } else {
        (opts.currency, opts.rate)
    };
    // The year first, on the band itself: a factor of 1 leaves every amount bit for bit.
    let (wage, scale) = (opts.wage_factor(), multiplier * rate);
    let unrounded = [base_low, base_mid, base_high].map(|x| x * wage * scale);
    let [low, mid, high] = unrounded.map(|x| round_to(x, opts.round));
    let size = profile.factors[Factor::CompanySize.index()];
    let total = opts.total.then(|| {
        // The survey's figures are gross pay, bonus included: total = gross + equity.
        let gross = tables.bands.basis == crate::tables::market::Basis::Market;
        pay::total(&tables.compensation, placement, size, (unrounded, [low, mid, high]), opts.round, gross)
    });
    Estimate {
        placement,
        years,
        base_low,
        base_mid,
        base_high,
        open_ended,
        factors,
        raw_multiplier,
        multiplier,
        bound,
        low,
        mid,
        high,
        currency,
        rate,
        total,
        pay: opts.pay_year(tables),
    }
}

/// The currency an estimate of `profile` under `opts` is in, and its rate (units per US
/// dollar): `opts`' own, or with `local` the location's.
pub(crate) fn currency_of<'a>(tables: &'a Tables, profile: &Profile, opts: &Options<'a>) -> (&'a str, f64) {
    match opts.local {
        true => local_currency(
            tables,
            &tables.factor(Factor::Location).entries[profile.factors[Factor::Location.index()]],
        ),
        false => (opts.currency, opts.rate),
    }
}

/// The currency of a location and its rate. `data` checks that every location currency has a
/// rate, so the US-dollar fallback is never taken with validated tables.
fn local_currency<'a>(tables: &'a Tables, location: &'a Entry) -> (&'a str, f64) {
    location
        .currency
        .as_deref()
        .and_then(|code| tables.currencies.find(code))
        .map_or((crate::tables::currency::BASE, 1.0), |c| (c.code.as_ref(), c.per_usd))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// [`round`] is `f64::round`, bit for bit: halves, the edges of exactness, zeros' signs,
    /// infinities and NaN, then any float at all.
    #[test]
    fn round_is_f64_round_bit_for_bit() {
        let edges = [0.0, -0.0, 0.5, -0.5, 1.5, -2.5, 0.49999999999999994, -0.49999999999999994, 1e-300];
        let big =
            [4_503_599_627_370_495.5, 4_503_599_627_370_496.0, 9.007_199_254_740_993e15, 1e300, f64::MAX];
        let special = [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, f64::MIN_POSITIVE, -f64::MIN_POSITIVE];
        for x in edges.into_iter().chain(big).chain(special).flat_map(|x| [x, -x]) {
            assert_eq!(round(x).to_bits(), x.round().to_bits(), "{x:e}");
        }
        for k in -100_000..100_000 {
            let x = k as f64 / 200.0;
            assert_eq!(round(x).to_bits(), x.round().to_bits(), "{x}");
        }
    }

    proptest! {
        #[test]
        fn round_is_f64_round_for_any_float(x in proptest::num::f64::ANY, scale in 0u32..20) {
            let x = x / 10f64.powi(scale as i32);
            prop_assert_eq!(round(x).to_bits(), x.round().to_bits(), "{:e}", x);
        }
    }
    use crate::data::load_embedded;

    fn tables() -> Tables {
        load_embedded().unwrap()
    }

    fn neutral(t: &Tables, experience: Experience) -> Profile {
        let factors = Factor::ALL.map(|f| t.factor(f).default_index());
        Profile { experience, factors }
    }

    fn at_years(t: &Tables, y: f64) -> (i64, i64, i64) {
        let e = estimate(t, &neutral(t, Experience::Years(y)), &Options::default());
        (e.low, e.mid, e.high)
    }

    /// The data bounds make overflow impossible: the largest band, the cap, the weakest
    /// currency, a 100% bonus and 10x equity still give exact, positive whole amounts.
    #[test]
    fn the_largest_amounts_the_data_allows_stay_exact() {
        use crate::tables::pay::Equity;
        use crate::tables::{MAX_BAND_USD, RATE_RANGE};
        let mut t = tables();
        let last = t.bands.bands.len() - 1;
        t.bands.bands.to_mut()[last].low = MAX_BAND_USD;
        t.bands.bands.to_mut()[last].high = MAX_BAND_USD;
        t.bounds.cap = 10.0;
        for f in Factor::ALL {
            for e in t.factors[f.index()].entries.to_mut() {
                e.multiplier = 10.0;
            }
        }
        for row in t.compensation.grid.to_mut().iter_mut().flat_map(|r| r.to_mut().iter_mut()) {
            row.bonus_pct = 100.0;
            row.equity = Equity::Share(10.0);
        }
        let opts =
            Options { rate: RATE_RANGE.1, currency: "XXX", round: 1, total: true, ..Options::default() };
        let e = estimate(
            &t,
            &Profile { experience: Experience::Level(last), factors: [0; Factor::COUNT] },
            &opts,
        );
        let base = (MAX_BAND_USD * 10.0 * RATE_RANGE.1) as i64;
        assert_eq!((e.low, e.high), (base, base));
        let total = e.total.unwrap().total;
        assert_eq!(total, [12 * base; 3]);
        assert!((12 * base) < (1_i64 << 53));
    }

    #[test]
    fn neutral_profile_reproduces_the_article_bands_exactly() {
        let t = tables();
        let got: Vec<_> = (0..3)
            .map(|i| {
                let e = estimate(&t, &neutral(&t, Experience::Level(i)), &Options::default());
                (e.low, e.high, e.open_ended, e.multiplier)
            })
            .collect();
        assert_eq!(
            got,
            [(90_000, 120_000, false, 1.0), (120_000, 160_000, false, 1.0), (160_000, 200_000, true, 1.0)]
        );
    }

    #[test]
    fn boundaries_at_two_three_and_five_years() {
        let t = tables();
        assert_eq!(at_years(&t, 0.0), (90_000, 105_000, 120_000));
        assert_eq!(at_years(&t, 1.99), (90_000, 105_000, 120_000));
        assert_eq!(at_years(&t, 2.0), (90_000, 105_000, 120_000));
        assert_eq!(at_years(&t, 3.0), (120_000, 140_000, 160_000));
        assert_eq!(at_years(&t, 5.0), (120_000, 140_000, 160_000), "exactly 5 years is mid");
        assert_eq!(at_years(&t, 5.01), (160_000, 180_000, 200_000));
        assert_eq!(at_years(&t, 60.0), (160_000, 180_000, 200_000));
    }

    #[test]
    fn the_two_to_three_year_gap_is_blended_linearly() {
        let t = tables();
        assert_eq!(at_years(&t, 2.5), (105_000, 123_000, 140_000));
        assert_eq!(place(&t, 2.5), Placement::Blend { lower: 0, weight: 0.5 });
        assert_eq!(at_years(&t, 2.25), (98_000, 114_000, 130_000));
    }

    #[test]
    fn floor_and_cap_hold_the_multiplier() {
        let t = tables();
        let mut p = neutral(&t, Experience::Level(1));
        let loc = t.factor(Factor::Location);
        let edu = t.factor(Factor::Education);
        let size = t.factor(Factor::CompanySize);
        let spec = t.factor(Factor::Specialization);
        let ind = t.factor(Factor::Industry);
        // Everything at its highest.
        let max = |tab: &crate::tables::FactorTable| {
            (0..tab.entries.len())
                .max_by(|&a, &b| tab.entries[a].multiplier.total_cmp(&tab.entries[b].multiplier))
                .unwrap()
        };
        let min = |tab: &crate::tables::FactorTable| {
            (0..tab.entries.len())
                .min_by(|&a, &b| tab.entries[a].multiplier.total_cmp(&tab.entries[b].multiplier))
                .unwrap()
        };
        p.factors = [max(loc), max(edu), max(spec), max(ind), max(size)];
        let e = estimate(&t, &p, &Options::default());
        assert!(
            e.raw_multiplier > t.bounds.cap,
            "the shipped tables multiply past the cap: {}",
            e.raw_multiplier
        );
        // The edge of the data holds the non-location factors first, below the cap.
        assert_eq!(e.bound, Some(Bound::Edge));
        assert!(e.multiplier < t.bounds.cap, "{}", e.multiplier);
        // A location alone past the cap (a user's table) is held by the cap.
        let mut big = t.clone();
        big.factors[Factor::Location.index()].entries.to_mut()[max(loc)].multiplier = 3.0;
        let e = estimate(&big, &p, &Options::default());
        assert_eq!((e.multiplier, e.bound), (big.bounds.cap, Some(Bound::Cap)));
        assert_eq!(e.high, round_to(160_000.0 * big.bounds.cap, 1000));

        p.factors = [min(loc), min(edu), min(spec), min(ind), min(size)];
        let e = estimate(&t, &p, &Options::default());
        assert!(
            e.raw_multiplier < t.bounds.floor,
            "the shipped tables can go below the floor: {}",
            e.raw_multiplier
        );
        assert_eq!((e.multiplier, e.bound), (t.bounds.floor, Some(Bound::Floor)));
    }

    #[test]
    fn rounding_step_applies_to_every_amount() {
        let t = tables();
        let p = neutral(&t, Experience::Years(2.3));
        let e = estimate(&t, &p, &Options { round: 1, ..Options::default() });
        assert_eq!((e.low, e.mid, e.high), (99_000, 115_500, 132_000));
        let e = estimate(&t, &p, &Options { round: 5000, ..Options::default() });
        assert_eq!((e.low, e.mid, e.high), (100_000, 115_000, 130_000));
    }

    #[test]
    fn years_must_be_finite_and_in_range() {
        for bad in ["-1", "nan", "inf", "abc", "61", "", "-0.5"] {
            assert!(matches!(parse_years(bad), Err(Error::InvalidYears { .. })), "{bad}");
        }
        assert_eq!(parse_years(" 4 ").unwrap(), 4.0);
        assert_eq!(parse_years("60").unwrap(), 60.0);
        assert_eq!(parse_years("-0").unwrap().to_bits(), 0.0f64.to_bits(), "no negative zero");
        assert_eq!(parse_years("1e-300").unwrap(), 0.0);
        assert_eq!(parse_years("2.123456").unwrap(), 2.1235);
    }

    /// `round` is `f64::round`, bit for bit: halves, the numbers next to them, signed zeros,
    /// the edges of exact integers, infinities, NaN, and a spread of random values.
    #[test]
    fn round_to_is_half_away_from_zero() {
        assert_eq!(round_to(122_500.0, 1000), 123_000);
        assert_eq!(round_to(122_499.9, 1000), 122_000);
        assert_eq!(round_to(7.0, 0), 7);
    }
}

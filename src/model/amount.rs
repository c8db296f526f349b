//! Amounts of pay as people type them: `152500`, `152,500`, `$152,500`, `152.5k`,
//! `USD 152500`. `offer` reads its AMOUNT here and `batch` its pay column, so both accept
//! (and refuse) the same amounts in the same words.
//!
//! A currency written on the amount (a symbol, or an ISO code before or after it) must be the
//! currency the amount is read in: `€60k` read in pounds is refused, never converted. `$` is
//! any dollar currency (US, Canadian, Australian, Singapore, ...): an amount typed in `$` is
//! read in whichever of them is in force; `US$`, `C$`, `CA$`, `A$`, `AU$` and `S$` name one.
//! `¥` is read as yen (JPY).

use super::round;
use std::fmt;

/// The forms an amount may take, for messages.
pub(crate) const FORMS: &str = "185000, 185k, 185.5k, $185,000, 185,000 or USD 185000";

/// The dollar currencies `$` alone may stand for.
const DOLLARS: [&str; 6] = ["USD", "CAD", "AUD", "SGD", "NZD", "HKD"];

/// Symbols and the currency each names; `$` alone is any of [`DOLLARS`].
/// `$` first: it is the one typed most, and no other symbol starts with it.
const SYMBOLS: [(&str, &str); 12] = [
    ("$", "$"),
    ("US$", "USD"),
    ("CA$", "CAD"),
    ("AU$", "AUD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("S$", "SGD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("₹", "INR"),
    ("¥", "JPY"),
    ("₪", "ILS"),
];

/// The currency written on an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark<'s> {
    /// A symbol as typed (`€`, `$`, `C$`) and the code it names (`$` for any dollar).
    Symbol(&'s str, &'static str),
    /// A three-letter code as typed (`USD`, `eur`).
    Code(&'s str),
}

impl Mark<'_> {
    /// Whether the amount may be read in `currency` (an ISO code).
    pub(crate) fn fits(self, currency: &str) -> bool {
        match self {
            Mark::Symbol(_, "$") => DOLLARS.iter().any(|d| d.eq_ignore_ascii_case(currency)),
            Mark::Symbol(_, code) => code.eq_ignore_ascii_case(currency),
            Mark::Code(code) => code.eq_ignore_ascii_case(currency),
        }
    }
}

impl fmt::Display for Mark<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Mark::Symbol(s, "$") => write!(f, "`{s}` is a dollar currency ({})", DOLLARS.join(", ")),
            Mark::Symbol(s, code) => write!(f, "`{s}` is {code}"),
            Mark::Code(code) => write!(f, "`{code}` is {}", code.to_ascii_uppercase()),
        }
    }
}

/// Why a text is no amount. Its message is the reason only: the caller names the value and
/// where it came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Bad {
    NotAmount,
    Groups,
    /// A point before three digits that does not separate groups of three (`1500.000`), or
    /// with a comma too (`1,234.567`, `1.234,56`): thousands or a fraction, no one can tell.
    Points,
    /// Zero, negative, or below 1 once rounded to the cent: one rule, whatever the sign.
    TooSmall,
    TooLarge {
        max: f64,
    },
    /// A currency written on the amount that is not the one it is read in.
    Currency {
        mark: String,
        wanted: String,
    },
}

impl fmt::Display for Bad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bad::NotAmount => f.write_str("not an amount"),
            Bad::Groups => f.write_str("commas must separate groups of three digits"),
            Bad::Points => f.write_str(
                "ambiguous: a point before three digits separates thousands (150.000 is 150,000), \
                 so it must separate groups of three digits with no comma; write cents with two \
                 digits (150000.50)",
            ),
            Bad::TooSmall => f.write_str("an amount must be at least 1"),
            Bad::TooLarge { max } => {
                write!(f, "too large: an amount is at most {}", grouped(*max as u64))
            }
            Bad::Currency { mark, wanted } => write!(f, "{mark}, not {wanted}, the currency it is read in"),
        }
    }
}

impl Bad {
    /// A mistyped amount (not a currency refused): the forms may help.
    pub(crate) fn is_typo(&self) -> bool {
        !matches!(self, Bad::Currency { .. })
    }
}

/// `1000000000` as `1,000,000,000`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount as typed: its value and the currency written on it, if any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Typed<'s> {
    pub value: f64,
    pub mark: Option<Mark<'s>>,
}

impl Typed<'_> {
    /// The value, if the amount may be read in `currency`.
    pub(crate) fn read_in(&self, currency: &str) -> Result<f64, Bad> {
        match self.mark {
            Some(mark) if !mark.fits(currency) => {
                Err(Bad::Currency { mark: mark.to_string(), wanted: currency.to_string() })
            }
            _ => Ok(self.value),
        }
    }
}

/// A part of a package (a bonus, equity): an amount as [`parse`] reads it, or `0` for none.
pub(crate) fn parse_part(s: &str, max: f64) -> Result<Typed<'_>, Bad> {
    match s.trim() {
        "0" => Ok(Typed { value: 0.0, mark: None }),
        _ => parse(s, max),
    }
}

/// Parses and reads an amount in `currency` ([`parse`], then [`Typed::read_in`]).
pub fn read(s: &str, currency: &str, max: f64) -> Result<f64, Bad> {
    parse(s, max)?.read_in(currency)
}

/// Reads a JSON number (`150000`, `1.5e5`, `150000.5`) as an amount in any currency: a JSON
/// number is an amount, whatever its form. Other text is read as [`read`] reads it.
pub(crate) fn read_json(s: &str, currency: &str, max: f64) -> Result<f64, Bad> {
    let t = trim(s);
    let exponent = t.bytes().any(|b| matches!(b, b'e' | b'E'))
        && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'.' | b'+' | b'-'));
    match t.parse::<f64>() {
        Ok(value) if exponent => checked(value, max),
        _ => read(s, currency, max),
    }
}

/// A number's value as an amount: from 1 to `max`, to the cent.
fn checked(value: f64, max: f64) -> Result<f64, Bad> {
    if value.is_nan() {
        return Err(Bad::NotAmount);
    }
    if value > max {
        return Err(Bad::TooLarge { max });
    }
    let value = round(value * 100.0) / 100.0;
    if value < 1.0 {
        return Err(Bad::TooSmall);
    }
    Ok(value)
}

/// Parses an amount as people write it: digits with an optional fraction (`185000.50`),
/// commas between groups of three (`185,000`), `k` for thousands (`185.5k`), a currency symbol
/// before it (`$185,000`, `£142k`) or a code before or after it (`USD 185000`, `185000 eur`).
/// The value is rounded to the cent and must be from 1 to `max`.
pub(crate) fn parse(s: &str, max: f64) -> Result<Typed<'_>, Bad> {
    // Plain digits, as most cells of a pay column are: read at once (a file of a million is
    // read a million times).
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        let value = s.bytes().fold(0_u64, |n, b| n * 10 + u64::from(b - b'0')) as f64;
        return match value {
            v if v > max => Err(Bad::TooLarge { max }),
            v if v < 1.0 => Err(Bad::TooSmall),
            value => Ok(Typed { value, mark: None }),
        };
    }
    let mut t = trim(s);
    let mut negative = false;
    if let Some(rest) = t.strip_prefix('-') {
        (negative, t) = (true, rest.trim_start());
    }
    let mut mark = None;
    // An amount that starts with a digit has no symbol or code before it.
    let leading = !t.as_bytes().first().is_some_and(u8::is_ascii_digit);
    if leading
        && let Some((sym, code)) =
            SYMBOLS.iter().find(|(sym, _)| t.as_bytes().get(..sym.len()) == Some(sym.as_bytes()))
    {
        mark = Some(Mark::Symbol(&t[..sym.len()], code));
        t = t[sym.len()..].trim_start();
    } else if leading
        && let Some(code) = t.get(..3).filter(|c| c.bytes().all(|b| b.is_ascii_alphabetic()))
        && t[3..].trim_start().starts_with(|c: char| c.is_ascii_digit() || c == '-')
    {
        mark = Some(Mark::Code(code));
        t = t[3..].trim_start();
    } else if t.len() > 3
        && let Some(code) = t.get(t.len() - 3..).filter(|c| c.bytes().all(|b| b.is_ascii_alphabetic()))
        && t[..t.len() - 3].ends_with(|c: char| c.is_ascii_digit() || c == ' ' || c == 'k' || c == 'K')
    {
        mark = Some(Mark::Code(code));
        t = t[..t.len() - 3].trim_end();
    }
    if !negative && let Some(rest) = t.strip_prefix('-') {
        (negative, t) = (true, rest);
    }
    let value = number(t)?;
    if negative {
        return Err(Bad::TooSmall);
    }
    if !value.is_finite() || value > max {
        return Err(Bad::TooLarge { max });
    }
    // To the cent: `179999.99` stays itself, `0.0001` is no amount.
    let value = round(value * 100.0) / 100.0;
    if value < 1.0 {
        return Err(Bad::TooSmall);
    }
    Ok(Typed { value, mark })
}

/// `s.trim()`, byte by byte when its ends are ASCII (as a pay cell's are).
fn trim(s: &str) -> &str {
    let t = s.trim_ascii();
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(a), Some(b)) if !a.is_ascii() || !b.is_ascii() => t.trim(),
        _ => t,
    }
}

/// `185000`, `185,000`, `185.5k`, `150.000`: the number, byte by byte, with no heap allocation
/// for any usual amount.
///
/// A point followed by exactly three digits (and no `k`) separates thousands, as in much of
/// Europe: `150.000` is 150,000 and `1.234.567` is 1,234,567, never 150 and no cents. It must then
/// separate groups of three digits, with no comma; anything else with it is refused as
/// ambiguous. A fraction has one or two digits (`150000.50`), or more (rounded to the cent);
/// so does a number below 1 (`0.004`).
fn number(t: &str) -> Result<f64, Bad> {
    let t = t.as_bytes();
    let (t, scale) = match t.last() {
        Some(b'k' | b'K') => (&t[..t.len() - 1], 1000.0),
        _ => (t, 1.0),
    };
    if scale == 1.0
        && let Some(last) = t.iter().rposition(|&b| b == b'.')
        && t.len() - last == 4
        && t.first() != Some(&b'0')
    {
        return thousands(t);
    }
    let (whole, fraction) = match t.iter().position(|&b| b == b'.') {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let digits = |p: &[u8]| !p.is_empty() && p.iter().all(u8::is_ascii_digit);
    if !fraction.is_none_or(digits) || whole.is_empty() {
        return Err(Bad::NotAmount);
    }
    let mut commas = 0;
    if whole.contains(&b',') {
        let mut groups = whole.split(|&b| b == b',');
        let first = groups.next().unwrap_or_default();
        let grouped = digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g));
        if !grouped {
            return Err(if whole.iter().all(|&b| b.is_ascii_digit() || b == b',') {
                Bad::Groups
            } else {
                Bad::NotAmount
            });
        }
        commas = whole.iter().filter(|&&b| b == b',').count();
    } else if !digits(whole) {
        return Err(Bad::NotAmount);
    }
    // Up to 15 digits: a whole number below 2^53 over a power of ten, each exact in an f64,
    // so the division, rounded once, is the decimal's nearest f64, as `str::parse` gives.
    let fraction = fraction.unwrap_or_default();
    if whole.len() - commas + fraction.len() <= 15 {
        let all = whole.iter().chain(fraction).filter(|&&b| b != b',');
        let n = all.fold(0_u64, |n, &b| n * 10 + u64::from(b - b'0'));
        return Ok(n as f64 / 10_f64.powi(fraction.len() as i32) * scale);
    }
    // More: the digits, less the commas, then the fraction, parsed by `str::parse`.
    let mut number: Vec<u8> = whole.iter().copied().filter(|&b| b != b',').collect();
    if !fraction.is_empty() {
        number.push(b'.');
        number.extend_from_slice(fraction);
    }
    let text = std::str::from_utf8(&number).map_err(|_| Bad::NotAmount)?;
    Ok(text.parse::<f64>().map_err(|_| Bad::NotAmount)? * scale)
}

/// `150.000`, `1.234.567`: groups of three digits separated by points (see [`number`]).
fn thousands(t: &[u8]) -> Result<f64, Bad> {
    let mut groups = t.split(|&b| b == b'.');
    let first = groups.next().unwrap_or_default();
    let digits = |p: &[u8], n| (1..=n).contains(&p.len()) && p.iter().all(u8::is_ascii_digit);
    if !(digits(first, 3) && groups.all(|g| g.len() == 3 && digits(g, 3))) {
        // `1.234,56` and `1,234.567` name a currency's two separators the two ways round.
        return Err(if t.iter().all(|&b| b.is_ascii_digit() || b == b'.' || b == b',') {
            Bad::Points
        } else {
            Bad::NotAmount
        });
    }
    if t.len() > 20 {
        // More than 15 digits: too large for any `max` (the caller says so).
        return Ok(f64::INFINITY);
    }
    Ok(t.iter().filter(|&&b| b != b'.').fold(0_u64, |n, &b| n * 10 + u64::from(b - b'0')) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: f64 = 1e9;

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
            ("999", 999.0),
            ("USD 152500", 152_500.0),
            ("usd152500", 152_500.0),
            ("152500 USD", 152_500.0),
            ("152.5k USD", 152_500.0),
            ("US$ 152,500", 152_500.0),
        ];
        for (typed, want) in cases {
            assert_eq!(read(typed, "USD", MAX).unwrap(), want, "{typed}");
        }
        assert_eq!(read("£142,000", "GBP", MAX).unwrap(), 142_000.0);
        assert_eq!(read("€60k", "eur", MAX).unwrap(), 60_000.0);
    }

    /// Short amounts are read by hand: the same as `str::parse`, to the bit.
    #[test]
    fn short_amounts_read_as_str_parse_reads_them() {
        for whole in ["0", "1", "7", "152", "999999", "123456789012", "999999999999999"] {
            for fraction in ["", "0", "5", "05", "33", "9999", "123456", "1", "10"] {
                let typed =
                    if fraction.is_empty() { whole.to_string() } else { format!("{whole}.{fraction}") };
                let want = typed.parse::<f64>().unwrap();
                assert_eq!(number(&typed).unwrap().to_bits(), want.to_bits(), "{typed}");
                let k = format!("{typed}k");
                assert_eq!(number(&k).unwrap().to_bits(), (want * 1000.0).to_bits(), "{k}");
            }
        }
        assert_eq!(number("1,234,567.25").unwrap(), 1_234_567.25);
        let mut x: u64 = 1;
        for _ in 0..200_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let digits = (x >> 11).to_string();
            let split = (x % 16) as usize % digits.len().min(15);
            let typed = format!("{}.{}", &digits[..digits.len().min(15) - split], &digits[..split.max(1)]);
            if split == 3 {
                continue; // thousands, not a fraction
            }
            assert_eq!(number(&typed).unwrap().to_bits(), typed.parse::<f64>().unwrap().to_bits(), "{typed}");
        }
    }

    /// A point before three digits separates thousands, never cents (issue 24).
    #[test]
    fn a_point_before_three_digits_separates_thousands() {
        let cases = [
            ("150.000", 150_000.0),
            ("€85.000", 85_000.0),
            ("1.234.567", 1_234_567.0),
            ("EUR 85.000", 85_000.0),
            ("150000.50", 150_000.5),
            ("150000.5", 150_000.5),
            ("185.5k", 185_500.0),
            ("1.5", 1.5),
        ];
        for (typed, want) in cases {
            assert_eq!(parse(typed, MAX).unwrap().value, want, "{typed}");
        }
        for typed in ["1500.000", "1,234.567", "1.234,56", "150.000,00", "1.23.456", ".150", "1.2345.678"] {
            assert!(matches!(parse(typed, MAX), Err(Bad::Points | Bad::NotAmount)), "{typed}");
        }
        assert_eq!(parse("1500.000", MAX), Err(Bad::Points));
        assert!(Bad::Points.to_string().starts_with("ambiguous: a point before three digits"));
        assert_eq!(parse("999.999.999.999.999.999", MAX), Err(Bad::TooLarge { max: MAX }));
    }

    /// Issue 24: a JSON number is an amount, in exponent form too (JSON Lines only).
    #[test]
    fn a_json_number_in_exponent_form_is_an_amount() {
        assert_eq!(read_json("1.5e5", "USD", MAX), Ok(150_000.0));
        assert_eq!(read_json("1.5E+5", "GBP", MAX), Ok(150_000.0));
        assert_eq!(read_json("150000", "USD", MAX), Ok(150_000.0));
        assert_eq!(read_json("$150,000", "USD", MAX), Ok(150_000.0));
        assert_eq!(read_json("-1.5e5", "USD", MAX), Err(Bad::TooSmall));
        assert_eq!(read_json("1e12", "USD", MAX), Err(Bad::TooLarge { max: MAX }));
        assert_eq!(read_json("1e999", "USD", MAX), Err(Bad::TooLarge { max: MAX }));
        assert_eq!(read_json("e5", "USD", MAX), Err(Bad::NotAmount));
        assert_eq!(read("1.5e5", "USD", MAX), Err(Bad::NotAmount), "a CSV cell is no JSON number");
    }

    #[test]
    fn zero_and_negative_break_one_rule_in_the_same_words() {
        for typed in ["0", "-5", "-185000", "-185k", "$-185,000", "-$185,000", "0k", "0.0", "0.004", "USD -5"]
        {
            assert_eq!(read(typed, "USD", MAX), Err(Bad::TooSmall), "{typed}");
        }
        assert_eq!(Bad::TooSmall.to_string(), "an amount must be at least 1");
    }

    #[test]
    fn bad_amounts_say_why() {
        let cases = [
            ("1000000001", "too large: an amount is at most 1,000,000,000"),
            ("1,000,000.01k", "too large"),
            ("nan", "not an amount"),
            ("inf", "not an amount"),
            ("abc", "not an amount"),
            ("TBD", "not an amount"),
            ("n/a", "not an amount"),
            ("", "not an amount"),
            ("-", "not an amount"),
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
            ("USD", "not an amount"),
            ("185,000.5.5", "not an amount"),
        ];
        for (typed, want) in cases {
            let err = read(typed, "USD", MAX).unwrap_err().to_string();
            assert!(err.contains(want), "{typed}: {err}");
        }
        let huge = "9".repeat(400);
        assert!(read(&huge, "USD", MAX).unwrap_err().to_string().contains("too large"));
        assert_eq!(read("10,000,001", "USD", 1e7), Err(Bad::TooLarge { max: 1e7 }));
        assert_eq!(read("10000001", "USD", 1e7), Err(Bad::TooLarge { max: 1e7 }));
        assert_eq!(read("10000000", "USD", 1e7), Ok(1e7));
        assert_eq!(read("000", "USD", 1e7), Err(Bad::TooSmall));
        assert_eq!(read("007", "USD", 1e7), Ok(7.0));
    }

    #[test]
    fn a_currency_on_the_amount_must_be_the_one_it_is_read_in() {
        let err = read("€60k", "GBP", MAX).unwrap_err();
        assert_eq!(err.to_string(), "`€` is EUR, not GBP, the currency it is read in");
        assert!(!err.is_typo());
        let err = read("EUR 60000", "USD", MAX).unwrap_err().to_string();
        assert_eq!(err, "`EUR` is EUR, not USD, the currency it is read in");
        let err = read("$60k", "GBP", MAX).unwrap_err().to_string();
        assert!(err.starts_with("`$` is a dollar currency (USD, CAD"), "{err}");
        for dollars in ["USD", "CAD", "AUD", "SGD"] {
            assert_eq!(read("$60k", dollars, MAX), Ok(60_000.0), "`$` is any dollar");
        }
        assert!(read("C$60k", "USD", MAX).is_err(), "`C$` is Canadian only");
        assert_eq!(read("C$60k", "CAD", MAX), Ok(60_000.0));
        // A bad number is told first: the currency of a non-amount does not matter.
        assert_eq!(read("€abc", "GBP", MAX), Err(Bad::NotAmount));
    }
}

//! One `--years` item of `mlsal compare`: a number of years, or a range `A..B` / `A..B:STEP`
//! counted before it is built (so `0..60:0.001` can be refused by its count).

use super::{parse_years, round_years};
use crate::error::Error;

/// One `--years` item: a number, or an inclusive range `A..B` / `A..B:STEP`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum YearsItem {
    One(f64),
    Range { from: f64, to: f64, step: f64 },
}

/// Slack for float steps: `0..1:0.1` must end at 1, not 0.9999999.
const EPS: f64 = 1e-9;

impl YearsItem {
    /// Parses one comma-separated item of `--years`; every problem names the item.
    pub(crate) fn parse(s: &str) -> Result<YearsItem, Error> {
        let bad = |reason: String| Error::InvalidValue { flag: "--years", value: s.to_string(), reason };
        let t = s.trim();
        let Some((a, rest)) = t.split_once("..") else {
            return parse_years(t).map(YearsItem::One).map_err(|e| bad(reason(e)));
        };
        let (b, step) = match rest.split_once(':') {
            Some((b, step)) => (b, Some(step)),
            None => (rest, None),
        };
        if a.trim().is_empty() || b.trim().is_empty() || step.is_some_and(|st| st.trim().is_empty()) {
            return Err(bad(
                "expected a number of years or a range A..B or A..B:STEP, like 4, 0..10 or 0..20:5".into(),
            ));
        }
        let end = |which: &str, v: &str| {
            parse_years(v).map_err(|e| bad(format!("the {which} `{v}`: {}", reason(e))))
        };
        let (from, to) = (end("start", a)?, end("end", b)?);
        let step = match step {
            None => 1.0,
            Some(st) => match st.trim().parse::<f64>() {
                Ok(x) if x.is_finite() && x > 0.0 => x,
                _ => return Err(bad(format!("the step `{st}` must be a number above 0"))),
            },
        };
        if from > to {
            // Finite years display as typed, without a trailing `.0`.
            return Err(bad(format!("a range A..B needs A <= B (try {to}..{from})")));
        }
        Ok(YearsItem::Range { from, to, step })
    }

    /// How many values this item stands for, without building them (saturating).
    pub(crate) fn count(&self) -> u64 {
        match *self {
            YearsItem::One(_) => 1,
            YearsItem::Range { from, to, step } => {
                (((to - from) / step + EPS).floor() as u64).saturating_add(1)
            }
        }
    }

    /// The values, in order: `from`, `from + step`, ... up to `to` inclusive.
    pub(crate) fn values(&self) -> impl Iterator<Item = f64> + '_ {
        let (from, to, step) = match *self {
            YearsItem::One(y) => (y, y, 1.0),
            YearsItem::Range { from, to, step } => (from, to, step),
        };
        // Rounded as typed years are, so 0.1 steps are 0.3, not 0.30000000000000004, and
        // a stepped 2.99999 is the 3 years that `estimate --years 2.99999` prices.
        (0..self.count()).map(move |i| round_years((from + i as f64 * step).min(to)))
    }
}

/// The reason of a years error, without the value (the caller names the whole item).
fn reason(e: Error) -> String {
    match e {
        Error::InvalidYears { reason, .. } => reason.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<f64> {
        YearsItem::parse(s).unwrap().values().collect()
    }

    #[test]
    fn years_items_numbers_and_ranges() {
        assert_eq!(values("4"), [4.0]);
        assert_eq!(values(" 2.5 "), [2.5]);
        assert_eq!(values("0..3"), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(values("0..10:5"), [0.0, 5.0, 10.0]);
        assert_eq!(values("1..8:3"), [1.0, 4.0, 7.0], "the end is not forced in");
        assert_eq!(values("0..1:0.1").len(), 11);
        assert_eq!(values("0..1:0.1")[3], 0.3);
        assert_eq!(values("0..1:0.1")[10], 1.0);
        assert_eq!(values("5..5"), [5.0]);
        assert_eq!(values("58..60:0.5").len(), 5);
    }

    #[test]
    fn years_counts_without_building() {
        assert_eq!(YearsItem::parse("0..60:0.000001").unwrap().count(), 60_000_001);
        assert_eq!(YearsItem::parse("0..60:1e-300").unwrap().count(), u64::MAX);
    }

    #[test]
    fn bad_years_items_name_the_problem() {
        let cases = [
            ("10..2", "A <= B"),
            ("0..70", "the end `70`"),
            ("-1..4", "the start `-1`"),
            ("0..10:0", "step `0`"),
            ("0..10:-1", "step `-1`"),
            ("0..10:nan", "step `nan`"),
            ("0..10:inf", "step `inf`"),
            ("nan..4", "the start `nan`"),
            ("0..inf", "the end `inf`"),
            ("0..", "A..B:STEP"),
            ("..4", "A..B:STEP"),
            ("0..4:", "A..B:STEP"),
            ("abc", "expected a number"),
            ("61", "from 0 to 60"),
            ("0..4..6", "the end `4..6`"),
        ];
        for (item, want) in cases {
            let err = YearsItem::parse(item).unwrap_err();
            let text = err.to_string();
            assert!(matches!(err, Error::InvalidValue { flag: "--years", .. }), "{item}");
            assert!(text.contains(&format!("`{item}`")) && text.contains(want), "{item}: {text}");
        }
    }
}

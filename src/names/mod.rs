//! Names as people type them: folding for lookup, and the nearest known name for a typo.
//!
//! The lowest layer above `error`: every table lookup and every "did you mean" goes through
//! here, so `SF`, `s_f` and `S F` are one name everywhere. [`places`] reads a state or
//! country given after a city (`Portland, OR`).

pub(crate) mod places;

use places::is_space;

/// Folds a name for lookup: lower case, with spaces (any Unicode space: a no-break space
/// pasted from a spreadsheet is a space), `-`, `_`, `,`, `.` and apostrophes (`'`, `’`)
/// removed, so `Portland, OR` is `portlandor`, `Washington, D.C.` is `washingtondc` and
/// `Master's` and `M.S.` are `masters` and `ms`.
pub(crate) fn fold(s: &str) -> String {
    // Most values are ASCII: byte by byte, several times faster than by `char` (a batch of
    // long bad values spends its time here).
    if s.is_ascii() {
        let mut out = s.to_ascii_lowercase();
        if out.bytes().any(folded_away) {
            out.retain(|c| !folded_away(c as u8));
        }
        return out;
    }
    fold_chars(s)
}

/// The ASCII characters [`fold`] removes: a space or a tab, `-`, `_`, `,`, `.`, `'`.
fn folded_away(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'-' | b'_' | b',' | b'.' | b'\'')
}

fn fold_chars(s: &str) -> String {
    folded_chars(s).collect()
}

fn folded_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|&c| !is_space(c) && !matches!(c, '-' | '_' | ',' | '.' | '\'' | '’'))
        .flat_map(char::to_lowercase)
}

/// Whether `name` folds to `folded` (a value already folded), without allocating: stops at
/// the first character that differs.
pub(crate) fn folds_to(name: &str, folded: &str) -> bool {
    let mut want = folded.chars();
    folded_chars(name).all(|c| want.next() == Some(c)) && want.next().is_none()
}

/// The longest value, in characters once folded, that can be a typo of a name. Every name in
/// the tables is far shorter; a longer value (a pasted paragraph, a 2 MB cell) gets no
/// suggestion instead of a similarity score that costs its length times every name's.
pub(crate) const MAX_TYPO_CHARS: usize = 64;

/// The key whose name (or alias) is closest to `value`, if any is close enough to be a
/// plausible typo. `names` yields `(name, key)` pairs.
pub(crate) fn nearest<'a>(value: &str, names: impl Iterator<Item = (&'a str, &'a str)>) -> Option<String> {
    // Checked on the raw length first, so a huge value is not even folded.
    if value.len() > 4 * MAX_TYPO_CHARS {
        return None;
    }
    let folded = fold(value);
    if folded.chars().count() > MAX_TYPO_CHARS {
        return None;
    }
    let mut best: Option<(f64, String, &str)> = None;
    for (name, key) in names {
        let name = fold(name);
        let score = strsim::jaro_winkler(&folded, &name);
        if best.as_ref().is_none_or(|(s, ..)| score > *s) {
            best = Some((score, name, key));
        }
    }
    // Close by similarity, or one edit or swap away (`nyk`, `sise`): a looser bar offered
    // `phoenix` for `mega-corp` and `none` for `seatle` as a degree.
    best.filter(|(score, name, _)| *score >= 0.85 || strsim::damerau_levenshtein(&folded, name) <= 1)
        .map(|(.., key)| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_spaces_dashes_underscores() {
        assert_eq!(fold("San Francisco"), "sanfrancisco");
        assert_eq!(fold("bay_area"), "bayarea");
        assert_eq!(fold("Big-Tech"), "bigtech");
        assert_eq!(fold("Portland, OR"), "portlandor");
        assert_eq!(fold("Washington, D.C."), "washingtondc", "points fold away (issue 24)");
        assert_eq!(fold("St. Louis"), "stlouis");
        assert_eq!(fold("san\u{a0}francisco"), "sanfrancisco", "a no-break space");
        assert_eq!(fold("san\u{2009}francisco\u{3000}"), "sanfrancisco", "thin and ideographic spaces");
        assert_eq!(fold("\u{feff}sf\u{200b}"), "sf", "zero-width ones");
        assert_eq!(fold("SAN\u{202f}JOSÉ"), "sanjosé");
        assert_eq!(fold("new\nyork"), "new\nyork", "a line break is not a space");
    }

    proptest::proptest! {
        /// The ASCII fast path folds as the general one does.
        #[test]
        fn ascii_folds_as_chars_do(s in "[ -~\t\n\r]{0,40}") {
            proptest::prop_assert_eq!(fold(&s), fold_chars(&s));
        }
    }

    proptest::proptest! {
        /// A name folds to a value exactly when their folds are equal.
        #[test]
        fn folds_to_is_equality_of_folds(name in "[ -~\tÉéßİ]{0,12}", value in "[ -~\tÉéßİ]{0,12}") {
            proptest::prop_assert!(folds_to(&name, &fold(&name)));
            proptest::prop_assert_eq!(folds_to(&name, &fold(&value)), fold(&name) == fold(&value));
        }
    }

    #[test]
    fn nearest_finds_typos_and_rejects_nonsense() {
        let names = [("seattle", "seattle"), ("sf", "sf"), ("boston", "boston")];
        assert_eq!(nearest("seatle", names.into_iter()).as_deref(), Some("seattle"));
        assert_eq!(nearest("bostn", names.into_iter()).as_deref(), Some("boston"));
        assert_eq!(nearest("zzzzzzzz", names.into_iter()), None);
    }

    #[test]
    fn far_fetched_names_are_not_suggested() {
        let cities =
            [("phoenix", "phoenix"), ("baltimore", "baltimore"), ("nyc", "nyc"), ("seattle", "seattle")];
        assert_eq!(nearest("mega-corp", cities.into_iter()), None);
        assert_eq!(nearest("tokyo", cities.into_iter()), None);
        assert_eq!(nearest("nyk", cities.into_iter()).as_deref(), Some("nyc"));
        let degrees = [("none", "none"), ("bachelor", "bachelor"), ("phd", "phd")];
        assert_eq!(nearest("seatle", degrees.into_iter()), None);
        assert_eq!(nearest("bachelour", degrees.into_iter()).as_deref(), Some("bachelor"));
        let sizes = [("big-tech", "big-tech"), ("startup", "startup")];
        assert_eq!(nearest("fintech-ish", sizes.into_iter()), None);
    }

    #[test]
    fn long_values_get_no_suggestion() {
        let names = [("seattle", "seattle")];
        let long = "seattle".repeat(20);
        assert_eq!(nearest(&long, names.into_iter()), None);
        assert_eq!(nearest(&"x".repeat(2 << 20), names.into_iter()), None);
        let padded = format!("seatle{}", " ".repeat(100));
        assert_eq!(nearest(&padded, names.into_iter()).as_deref(), Some("seattle"), "spaces fold away");
    }
}

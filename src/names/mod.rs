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
/// `Master's` and `M.S.` are `masters` and `ms`; letters lose their diacritics (`Zürich` is
/// `zurich`).
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
        .filter(|&c| !is_space(c) && !matches!(c, '-' | '_' | ',' | '.' | '\'' | '’') && !is_combining(c))
        .flat_map(char::to_lowercase)
        .flat_map(base_letters)
}

/// A combining mark (U+0300 to U+036F), as a decomposed `Zu\u{308}rich` writes its accent:
/// folded away, as the accent of a composed letter is.
fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// A lower-case letter without its diacritics (`ü` is `u`, `ç` is `c`, `ß` is `ss`, `æ` is
/// `ae`), so `Zürich` is `zurich` and `São Paulo` `saopaulo`; any other character as it is.
/// Latin letters of Latin-1 and Latin Extended-A, the ones place names use.
fn base_letters(c: char) -> impl Iterator<Item = char> {
    let base: &'static str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    };
    let one = base.is_empty().then_some(c);
    one.into_iter().chain(base.chars())
}

/// The German spelling of a name's umlauts (`München` is `Muenchen`), as tables list it
/// among the aliases; `None` when the name has none. [`fold`] gives their base letters
/// (`munchen`); a lookup that misses tries this too.
pub(crate) fn umlauts_spelt_out(s: &str) -> Option<String> {
    if !s.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü']) {
        return None;
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            c => out.push(c),
        }
    }
    Some(out)
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
    fn accents_fold_to_their_base_letters() {
        assert_eq!(fold("Zürich"), "zurich");
        assert_eq!(fold("Zu\u{308}rich"), "zurich");
        assert_eq!(fold("MÜNCHEN"), "munchen");
        assert_eq!(fold("São Paulo"), "saopaulo");
        assert_eq!(fold("Kraków"), "krakow");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("東京"), "東京");
        assert!(folds_to("Montréal", "montreal"));
        assert_eq!(umlauts_spelt_out("München").as_deref(), Some("Muenchen"));
        assert_eq!(umlauts_spelt_out("Zurich"), None);
    }

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
        assert_eq!(fold("SAN\u{202f}JOSÉ"), "sanjose", "an accent folds away (issue 31)");
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

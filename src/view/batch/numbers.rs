//! Figures written as `f64`'s `Display` (and `format!`) write them, without its float
//! formatting: whole numbers of hundredths, tenths or ten-thousandths, written with `itoa`.

/// The whole number nearest `x`, which is within a rounding error of one (a figure already
/// rounded to its decimals, times their scale): no call to `f64::round` (a libm call without
/// SSE4.1, four a row).
pub(crate) fn nearest(x: f64) -> i64 {
    (x + if x < 0.0 { -0.5 } else { 0.5 }) as i64
}

/// `k` units of 10^-`decimals` (1 or 2) as `f64`'s `Display` writes `k / 10^decimals` (`-229.2`, `42`,
/// `0.5`) with `trim`, or with all its decimals (`1.00`) without.
pub(crate) fn push_fixed<const DECIMALS: usize>(out: &mut Vec<u8>, k: i64, trim: bool) {
    let scale = 10_u64.pow(DECIMALS as u32);
    if k < 0 {
        out.push(b'-');
    }
    let (whole, fraction) = (k.unsigned_abs() / scale, k.unsigned_abs() % scale);
    out.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
    // The fraction's digits, most significant first, then those that are not trailing zeros.
    let mut digits = [b'0'; 2];
    let mut rest = fraction;
    for d in digits[..DECIMALS].iter_mut().rev() {
        *d = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let mut n = DECIMALS;
    while trim && n > 0 && digits[n - 1] == b'0' {
        n -= 1;
    }
    if n > 0 {
        out.push(b'.');
        out.extend_from_slice(&digits[..n]);
    }
}

/// Appends a multiplier as `f64`'s `Display` writes it (`1.9837`, `0.65`, `1`). The model
/// rounds multipliers to 4 decimals, and the shortest digits of a whole number `k` of
/// ten-thousandths (below 10^15) are `k`'s: written with one `itoa`, a point put in, trailing
/// zeros left out. Any value that is not such a number exactly goes through `Display`.
pub(crate) fn push_multiplier(out: &mut Vec<u8>, m: f64) {
    // The nearest whole number of ten-thousandths (a float-to-int cast saturates: NaN gives 0,
    // infinity u64::MAX); whether it is `m` exactly is checked, so no rounding is trusted.
    let k = (m * 10_000.0 + 0.5) as u64;
    if m.is_sign_negative() || k >= 1_000_000_000_000_000 || k as f64 / 10_000.0 != m {
        return out.extend_from_slice(m.to_string().as_bytes());
    }
    let mut n = itoa::Buffer::new();
    let digits = n.format(k).as_bytes();
    let (whole, fraction) = digits.split_at(digits.len().saturating_sub(4));
    out.extend_from_slice(if whole.is_empty() { b"0" } else { whole });
    let mut four = [b'0'; 4];
    four[4 - fraction.len()..].copy_from_slice(fraction);
    if let Some(last) = four.iter().rposition(|&d| d != b'0') {
        out.push(b'.');
        out.extend_from_slice(&four[..=last]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::words::num;

    /// The fast writer of the review cells writes what the formatting one does.
    #[test]
    fn review_cells_are_written_as_formatted() {
        for k in (-300_000..300_000).step_by(7).chain([0, 1, -1, 5, -5, 10, 100, 999, -1000]) {
            for (decimals, trim) in [(2, false), (1, true), (2, true)] {
                let x = k as f64 / 10_f64.powi(decimals);
                let want = match (decimals, trim) {
                    (2, false) => format!("{x:.2}"),
                    _ => num(x + 0.0),
                };
                let mut out = Vec::new();
                match decimals {
                    1 => push_fixed::<1>(&mut out, k, trim),
                    _ => push_fixed::<2>(&mut out, k, trim),
                }
                assert_eq!(String::from_utf8(out).unwrap(), want, "{k} {decimals} {trim}");
            }
        }
    }
}

//! Figures written as `f64`'s `Display` (and `format!`) write them, without its float
//! formatting: whole numbers of hundredths, tenths or ten-thousandths, their digits composed
//! in place.
//!
//! A row's result cells are written into [`Room`]: zeros added to the output once a row (one
//! `memset`), each cell written into them by index, what is left over cut off at the end. A
//! figure's digits go straight into a fixed block of that room, so it costs no `memcpy` call
//! and no capacity check; formatted with `itoa` into its own buffer and then appended with
//! `extend_from_slice`, each of a pay review's ten figures cost about 100 instructions and a
//! `memcpy` call (callgrind, 100,000 rows): a sixth of the row. Written here, a figure costs
//! about as many instructions (the digits are the work), but the row about 170 fewer (with
//! the pay read as bytes, `model::amount::plain`).

/// The whole number nearest `x`, which is within a rounding error of one (a figure already
/// rounded to its decimals, times their scale): no call to `f64::round` (a libm call without
/// SSE4.1, four a row).
pub(crate) fn nearest(x: f64) -> i64 {
    (x + if x < 0.0 { -0.5 } else { 0.5 }) as i64
}

/// The bytes a figure may take, written as one block: a sign, 20 digits, a point and four
/// decimals are 26.
const BLOCK: usize = 32;

/// The room made at a time: a pay review's result cells (about 120 bytes) and a block.
const ROOM: usize = 192;

/// Two digits for each number below 100: `00`, `01`, .. `99`.
const PAIRS: [u8; 200] = {
    let mut pairs = [0; 200];
    let mut i = 0;
    while i < 100 {
        pairs[2 * i] = b'0' + (i / 10) as u8;
        pairs[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    pairs
};

/// Room at the end of an output buffer for one row's cells, written by index (see the module
/// doc). Dropped, it leaves the buffer ending with what was written, nothing more.
pub(crate) struct Room<'o> {
    out: &'o mut Vec<u8>,
    /// Where the next byte goes; `out` is longer by the room still free.
    at: usize,
}

impl Drop for Room<'_> {
    fn drop(&mut self) {
        self.out.truncate(self.at);
    }
}

impl<'o> Room<'o> {
    pub(crate) fn new(out: &'o mut Vec<u8>) -> Self {
        let at = out.len();
        out.resize(at + ROOM, 0);
        Room { out, at }
    }

    /// Room for `n` bytes more and a block after them.
    #[inline(always)]
    fn make(&mut self, n: usize) {
        if self.at + n + BLOCK > self.out.len() {
            self.grow(n);
        }
    }

    #[cold]
    fn grow(&mut self, n: usize) {
        self.out.resize(self.at + n + BLOCK + ROOM, 0);
    }

    /// The block where the next bytes go.
    #[inline(always)]
    fn block(&mut self) -> &mut [u8; BLOCK] {
        self.make(0);
        let at = self.at;
        self.out[at..].first_chunk_mut().expect("room for a block")
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, byte: u8) {
        self.block()[0] = byte;
        self.at += 1;
    }

    #[inline(always)]
    pub(crate) fn extend(&mut self, bytes: &[u8]) {
        self.make(bytes.len());
        self.out[self.at..self.at + bytes.len()].copy_from_slice(bytes);
        self.at += bytes.len();
    }

    /// `byte` `n` times.
    pub(crate) fn repeat(&mut self, byte: u8, n: usize) {
        self.make(n);
        self.out[self.at..self.at + n].fill(byte);
        self.at += n;
    }

    /// Writes with `write` on the buffer itself, for what is not written by index (a cell that
    /// may need quotes): the room is given back first, and made again after.
    pub(crate) fn with(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        self.out.truncate(self.at);
        write(self.out);
        self.at = self.out.len();
        self.out.resize(self.at + ROOM, 0);
    }

    /// `k` as `itoa` writes it.
    #[inline(always)]
    pub(crate) fn whole(&mut self, k: i64) {
        self.fixed::<0>(k, true);
    }

    /// `k` units of 10^-`DECIMALS` (0 to 2) as `f64`'s `Display` writes `k / 10^DECIMALS`
    /// (`-229.2`, `42`, `0.5`) with `trim`, or with all its decimals (`1.00`) without.
    /// Inlined: a call (its registers saved and restored) cost a fifth of a figure.
    #[inline(always)]
    pub(crate) fn fixed<const DECIMALS: usize>(&mut self, k: i64, trim: bool) {
        const { assert!(DECIMALS <= 2) };
        let scale = 10_u64.pow(DECIMALS as u32);
        let (whole, fraction) = (k.unsigned_abs() / scale, k.unsigned_abs() % scale);
        let block = self.block();
        // Written whatever the sign, and kept only for a negative `k`; past the end of what is
        // kept, the next cell overwrites it, or the room's end is cut off.
        block[0] = b'-';
        let mut end = put_whole(block, usize::from(k < 0), whole);
        if DECIMALS > 0 {
            // The decimals, most significant first; then as many as are not trailing zeros.
            let (first, second) = if DECIMALS == 2 { (fraction / 10, fraction % 10) } else { (fraction, 0) };
            let kept = match (trim, DECIMALS) {
                (false, _) => DECIMALS,
                (true, 2) if second != 0 => 2,
                (true, _) if first != 0 => 1,
                (true, _) => 0,
            };
            block[end] = b'.';
            block[end + 1] = b'0' + first as u8;
            block[end + 2] = b'0' + second as u8;
            end += if kept > 0 { 1 + kept } else { 0 };
        }
        self.at += end;
    }

    /// A multiplier as `f64`'s `Display` writes it (`1.9837`, `0.65`, `1`). The model rounds
    /// multipliers to 4 decimals, and the shortest digits of a whole number `k` of
    /// ten-thousandths (below 10^15) are `k`'s: its whole part, a point and its four decimals
    /// but trailing zeros. Any value that is not such a number exactly goes through `Display`.
    pub(crate) fn multiplier(&mut self, m: f64) {
        // The nearest whole number of ten-thousandths (a float-to-int cast saturates: NaN gives 0,
        // infinity u64::MAX); whether it is `m` exactly is checked, so no rounding is trusted.
        let k = (m * 10_000.0 + 0.5) as u64;
        if m.is_sign_negative() || k >= 1_000_000_000_000_000 || k as f64 / 10_000.0 != m {
            return self.extend(m.to_string().as_bytes());
        }
        let fraction = (k % 10_000) as usize;
        // The decimals up to the last that is not 0; none (and no point) for a whole number.
        let kept = match fraction {
            0 => 0,
            f if f % 1000 == 0 => 1,
            f if f % 100 == 0 => 2,
            f if f % 10 == 0 => 3,
            _ => 4,
        };
        let block = self.block();
        let end = put_whole(block, 0, k / 10_000);
        let (high, low) = (fraction / 100, fraction % 100);
        block[end] = b'.';
        block[end + 1..end + 3].copy_from_slice(&PAIRS[2 * high..2 * high + 2]);
        block[end + 3..end + 5].copy_from_slice(&PAIRS[2 * low..2 * low + 2]);
        self.at += end + if kept > 0 { 1 + kept } else { 0 };
    }
}

/// The decimal digits of `n` (below 10^8), eight of them with leading zeros, each a byte's
/// value (0 to 9), the first in the lowest byte: as the bytes of a little-endian word, the
/// digits in order. Worked out together, by multiplying and masking (after Lemire's and
/// Muła's "SWAR" conversion): `n` split in two halves of four digits (each in 32 bits), each
/// half in two of two (16 bits) by `x * 10,486 >> 20` (= `x / 100` below 10,000), each of
/// those in two digits (8 bits) by `x * 103 >> 10` (= `x / 10` below 100). Checked for every
/// `n` below 10^8 (the test `eight_digits_are_the_decimal_digits`, ignored by default).
#[inline(always)]
fn eight_digits(n: u32) -> u64 {
    let n = u64::from(n);
    let halves = (n / 10_000) | (n % 10_000) << 32;
    let hundreds = ((halves * 10_486) >> 20) & (0x7F << 32 | 0x7F);
    let pairs = (halves - 100 * hundreds) << 16 | hundreds;
    let tens = ((pairs * 103) >> 10) & (0xF << 48 | 0xF << 32 | 0xF << 16 | 0xF);
    (pairs - 10 * tens) << 8 | tens
}

/// Writes `x`'s decimal digits into `block` from `at` (at most 2), and returns where they end.
/// Below 10^8 (every figure of a row but the largest), as one word of [`eight_digits`] with
/// its leading zeros shifted out (one digit is kept for 0); else two digits at a time from the
/// last.
#[inline(always)]
fn put_whole(block: &mut [u8; BLOCK], at: usize, x: u64) -> usize {
    if x < 100_000_000 {
        let digits = eight_digits(x as u32);
        let zeros = ((digits.trailing_zeros() / 8) as usize).min(7);
        let text = (digits + u64::from_le_bytes([b'0'; 8])) >> (8 * zeros);
        block[at..at + 8].copy_from_slice(&text.to_le_bytes());
        return at + 8 - zeros;
    }
    let end = at + x.ilog10() as usize + 1;
    let (mut i, mut x) = (end, x);
    while x >= 100 {
        let pair = (x % 100) as usize;
        x /= 100;
        i -= 2;
        block[i..i + 2].copy_from_slice(&PAIRS[2 * pair..2 * pair + 2]);
    }
    if x >= 10 {
        block[i - 2..i].copy_from_slice(&PAIRS[2 * x as usize..2 * x as usize + 2]);
    } else {
        block[i - 1] = b'0' + x as u8;
    }
    end
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::view::words::num;

    /// What `Room::fixed` writes, by the formatting it stands in for.
    fn formatted(k: i64, decimals: i32, trim: bool) -> String {
        let x = k as f64 / 10_f64.powi(decimals);
        match (decimals, trim) {
            (0, _) => k.to_string(),
            (2, false) => format!("{x:.2}"),
            _ => num(x + 0.0),
        }
    }

    fn fixed(k: i64, decimals: i32, trim: bool) -> String {
        let mut out = b"before,".to_vec();
        let mut room = Room::new(&mut out);
        match decimals {
            0 => room.whole(k),
            1 => room.fixed::<1>(k, trim),
            _ => room.fixed::<2>(k, trim),
        }
        drop(room);
        String::from_utf8(out).unwrap().strip_prefix("before,").unwrap().to_string()
    }

    /// The fast writer of the review cells writes what the formatting one does.
    #[test]
    fn review_cells_are_written_as_formatted() {
        for k in (-300_000..300_000).step_by(7).chain([0, 1, -1, 5, -5, 10, 100, 999, -1000]) {
            for (decimals, trim) in [(2, false), (1, true), (2, true), (0, true)] {
                assert_eq!(fixed(k, decimals, trim), formatted(k, decimals, trim), "{k} {decimals} {trim}");
            }
        }
        for k in [i64::MIN, i64::MAX, i64::MIN + 1, 10_i64.pow(18), -(10_i64.pow(18)), 99, 100, 9_999] {
            assert_eq!(fixed(k, 0, true), k.to_string());
        }
    }

    proptest! {
        /// Any figure, of any size, as formatted (whole ones as `itoa` writes them).
        #[test]
        fn figures_are_written_as_formatted(
            k in prop_oneof![any::<i64>(), -1_000_000_000i64..1_000_000_000],
            decimals in 0..3i32,
            trim: bool,
        ) {
            // Beyond 2^53 hundredths an `f64` is no longer exact: whole numbers only. Untrimmed
            // is two decimals only (the compa-ratio's `1.00`).
            let decimals = if k.unsigned_abs() > 1 << 53 { 0 } else { decimals };
            let trim = trim || decimals != 2;
            prop_assert_eq!(fixed(k, decimals, trim), formatted(k, decimals, trim));
        }

        /// Any mix of cells, short and long, gives what appending them one by one gives, and
        /// the buffer ends where the last one does.
        #[test]
        fn room_holds_what_appending_gives(
            cells in prop::collection::vec((0..5u8, any::<i64>(), "[a-z,]{0,300}"), 0..40),
        ) {
            let (mut got, mut want) = (b"x".to_vec(), b"x".to_vec());
            let mut room = Room::new(&mut got);
            for (kind, k, text) in &cells {
                match kind {
                    0 => {
                        room.whole(*k);
                        want.extend_from_slice(k.to_string().as_bytes());
                    }
                    1 => {
                        room.extend(text.as_bytes());
                        want.extend_from_slice(text.as_bytes());
                    }
                    2 => {
                        room.repeat(b',', text.len());
                        want.extend(std::iter::repeat_n(b',', text.len()));
                    }
                    3 => {
                        room.with(|out| out.extend_from_slice(text.as_bytes()));
                        want.extend_from_slice(text.as_bytes());
                    }
                    _ => {
                        room.push(b'\n');
                        want.push(b'\n');
                    }
                }
            }
            drop(room);
            prop_assert_eq!(got, want);
        }
    }

    /// Every number below 10^8: about 10 s as the tests are built, so run on demand
    /// (`cargo test --release -- --ignored eight_digits`); the property tests sample it.
    #[test]
    #[ignore]
    fn eight_digits_are_the_decimal_digits() {
        for n in 0..100_000_000u32 {
            let digits = eight_digits(n) + u64::from_le_bytes([b'0'; 8]);
            assert_eq!(&digits.to_le_bytes(), format!("{n:08}").as_bytes(), "{n}");
        }
    }

    /// Multipliers as `Display` writes them, whole numbers of ten-thousandths or not.
    #[test]
    fn multipliers_are_written_as_display_writes_them() {
        let values = (0..=30_000)
            .map(|k| k as f64 / 10_000.0)
            .chain([1.0 / 3.0, 1e-7, 1e20, 123_456.789, 99_999_999_999.999_9, 0.00005, -0.0, -1.5])
            .chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e11, 1e11 + 0.0001]);
        for m in values {
            let mut out = Vec::new();
            Room::new(&mut out).multiplier(m);
            assert_eq!(String::from_utf8(out).unwrap(), m.to_string(), "{m}");
        }
    }
}

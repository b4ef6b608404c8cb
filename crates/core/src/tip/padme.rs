//! Padmé padding (Nikitin et al., "Reducing Metadata Leakage from Encrypted
//! Files and Communication with PURBs", PETS 2019, section 4).
//!
//! A ciphertext's length tells an observer (or whoever seizes the server)
//! roughly what was sent. Rounding every container up to a Padmé length
//! leaves only O(log log L) bits of the length visible, at a cost of at most
//! about 11.1% overhead.

/// The Padmé length for content of `len` bytes: at most 12% larger, and
/// leaking only O(log log len) bits of the length.
///
/// From the paper (Algorithm 1): `E = ⌊log2 L⌋`, `S = ⌊log2 E⌋ + 1`,
/// `lastBits = E − S`, `bitMask = 2^lastBits − 1`, result
/// `(L + bitMask) & ¬bitMask`. Lengths 0 and 1 have no logarithm to speak of
/// and are returned unchanged (2 and 3 come out unchanged from the formula
/// too). Lengths within 2^57 of `u64::MAX` would round past it; they saturate
/// there, far beyond anything a tip can be.
pub fn padme(len: u64) -> u64 {
    if len < 2 {
        return len;
    }
    let exponent = len.ilog2(); // E: 1..=63
    let significant_bits = exponent.ilog2() + 1; // S
    let last_bits = exponent - significant_bits;
    let bit_mask = (1u64 << last_bits) - 1;
    match len.checked_add(bit_mask) {
        Some(rounded) => rounded & !bit_mask,
        None => u64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padme_matches_values_computed_by_hand_from_the_paper() {
        // (L, Padmé(L)): E, S and lastBits worked out by hand for each.
        let known = [
            (0, 0),
            (1, 1),
            (2, 2),
            (3, 3),
            (7, 7),
            (8, 8),                 // E=3, S=2, lastBits=1: 8 is even
            (9, 10),                // rounds to a multiple of 2
            (17, 18),               // E=4, S=3, lastBits=1
            (33, 36),               // E=5, S=3, lastBits=2: multiple of 4
            (100, 104),             // E=6, S=3, lastBits=3: multiple of 8
            (1000, 1024),           // E=9, S=4, lastBits=5: multiple of 32
            (1025, 1088),           // E=10, S=4, lastBits=6: multiple of 64
            (65_536, 65_536),       // a power of two is its own Padmé length
            (65_537, 67_584),       // E=16, S=5, lastBits=11: multiple of 2048
            (1_000_000, 1_015_808), // E=19, S=5, lastBits=14: multiple of 16384
        ];
        for (len, expected) in known {
            assert_eq!(padme(len), expected, "padme({len})");
        }
    }

    #[test]
    fn padme_never_shrinks_and_is_monotone() {
        let mut previous = 0;
        for len in 0..=(1u64 << 20) {
            let padded = padme(len);
            assert!(padded >= len, "padme({len}) = {padded} is shorter");
            assert!(
                padded >= previous,
                "padme({len}) = {padded} < padme({}) = {previous}",
                len - 1
            );
            previous = padded;
        }
    }

    #[test]
    fn padme_overhead_stays_under_twelve_percent() {
        let check = |len: u64| {
            let overhead = padme(len) - len;
            // overhead / len <= 12%, in integers.
            assert!(
                overhead * 100 <= len * 12,
                "padme({len}) overhead {overhead}"
            );
        };
        (1..=(1u64 << 20)).for_each(check);
        // Around every power of two up to 2^56, where rounding steps change.
        for exponent in 20..57 {
            let base = 1u64 << exponent;
            for len in [base - 1, base, base + 1, base + base / 3, 2 * base - 1] {
                check(len);
            }
        }
    }

    #[test]
    fn padme_is_idempotent() {
        for len in (0..=(1u64 << 18)).chain([u64::MAX / 3, 1 << 40, (1 << 40) + 12_345]) {
            let once = padme(len);
            assert_eq!(padme(once), once, "padme(padme({len}))");
        }
    }

    #[test]
    fn padme_saturates_instead_of_overflowing() {
        assert_eq!(padme(u64::MAX), u64::MAX);
        assert_eq!(padme(u64::MAX - 1), u64::MAX);
    }
}

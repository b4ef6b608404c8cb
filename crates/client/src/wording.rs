//! Counts and sizes as people write them: "1 tip", "2 tips", "2.9 MiB".
//! Every line `tipbox` prints about an amount goes through here.

/// `n` with the singular or plural noun: `count(1, "tip", "tips")` is
/// "1 tip".
pub fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A size in bytes up to 1 KiB, then in KiB, MiB or GiB with one decimal
/// (binary units, as the progress bar shows them).
pub fn size(bytes: u64) -> String {
    if bytes < 1024 {
        return count(bytes, "byte", "bytes");
    }
    tipbox_core::units::binary_size(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_zero_and_many_are_plural() {
        assert_eq!(count(1, "tip", "tips"), "1 tip");
        assert_eq!(count(0, "tip", "tips"), "0 tips");
        assert_eq!(count(2, "reply", "replies"), "2 replies");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(1023), "1023 bytes");
        assert_eq!(size(1024), "1.0 KiB");
        assert_eq!(size(3_040_870), "2.9 MiB");
        assert_eq!(size(5 * 1024 * 1024 * 1024), "5.0 GiB");
    }
}

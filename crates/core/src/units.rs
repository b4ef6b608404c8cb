//! Sizes for people, in binary units: what the command lines print.

/// `512 B`, `3.0 MiB`, `20.0 GiB`: one decimal from KiB up.
pub fn binary_size(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_use_binary_units_with_one_decimal() {
        assert_eq!(binary_size(512), "512 B");
        assert_eq!(binary_size(3 * 1024 * 1024), "3.0 MiB");
        assert_eq!(binary_size(3_040_870), "2.9 MiB");
        assert_eq!(binary_size(20 << 30), "20.0 GiB");
        assert_eq!(binary_size(u64::MAX), "16.0 EiB");
    }
}

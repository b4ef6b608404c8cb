//! Ids written as lower-case hex (tip, reply, export, key-set and mailbox
//! ids): one spelling per value, so that paths, database keys and JSON
//! fields compare byte for byte. [`hex_id!`] gives each id type the same
//! `Display`, `FromStr` and serde form.

/// Parses exactly `2 * N` lower-case hex digits; `hex` alone would also
/// take upper case.
pub(crate) fn parse_lower_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let canonical = text.len() == 2 * N
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let mut bytes = [0; N];
    (canonical && hex::decode_to_slice(text, &mut bytes).is_ok()).then_some(bytes)
}

/// `hex_id!(Type, BYTES, ErrorType, error)` for `struct Type(pub [u8; BYTES])`:
/// `Display` as lower-case hex, `FromStr` of exactly that spelling (anything
/// else is `error`), and serde as that string.
macro_rules! hex_id {
    ($type:ident, $len:literal, $error_type:ty, $error:expr) => {
        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&hex::encode(self.0))
            }
        }

        impl std::str::FromStr for $type {
            type Err = $error_type;
            fn from_str(s: &str) -> Result<Self, $error_type> {
                $crate::hex_id::parse_lower_hex::<$len>(s)
                    .map($type)
                    .ok_or_else(|| $error)
            }
        }

        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(d)?
                    .parse()
                    .map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use hex_id;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_lower_case_spelling_of_the_right_length_parses() {
        assert_eq!(parse_lower_hex::<2>("0aff"), Some([0x0a, 0xff]));
        assert_eq!(parse_lower_hex::<2>("0AFF"), None);
        assert_eq!(parse_lower_hex::<2>("0af"), None);
        assert_eq!(parse_lower_hex::<2>("0aff0"), None);
        assert_eq!(parse_lower_hex::<2>("0agf"), None);
        assert_eq!(parse_lower_hex::<2>("+0af"), None);
    }
}

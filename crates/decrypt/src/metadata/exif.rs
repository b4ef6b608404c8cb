//! EXIF (the TIFF-structured block cameras and phones write) in JPEG, PNG,
//! TIFF, HEIF and WebP, read by kamadak-exif: the camera's make, model and
//! serial numbers, its owner, the GPS position, dates and software.
use std::io::Cursor;

use exif::{Context, In, Tag, Value};

use super::Field;

const SOURCE: &str = "EXIF";

/// Tags that name a person, a device or a moment, with their plain names.
const IDENTIFYING: &[(Tag, &str)] = &[
    (Tag::Make, "camera make"),
    (Tag::Model, "camera model"),
    (Tag::BodySerialNumber, "camera serial number"),
    (Tag::LensSerialNumber, "lens serial number"),
    (Tag::CameraOwnerName, "camera owner"),
    (Tag::Artist, "artist"),
    (Tag::Copyright, "copyright"),
    (Tag::Software, "software"),
    (Tag::DateTimeOriginal, "date taken"),
    (Tag::DateTimeDigitized, "date digitised"),
    (Tag::DateTime, "date modified"),
    (Tag::OffsetTimeOriginal, "time zone"),
    (Tag::ImageUniqueID, "image unique id"),
    (Tag::LensMake, "lens make"),
    (Tag::LensModel, "lens model"),
    (Tag::ImageDescription, "description"),
    (Tag::UserComment, "user comment"),
    (Tag::GPSAltitude, "GPS altitude"),
    (Tag::GPSDateStamp, "GPS date"),
    (Tag::GPSImgDirection, "GPS direction"),
];

/// TIFF tags kamadak-exif does not name: HostComputer and DNG's CameraSerialNumber.
const HOST_COMPUTER: Tag = Tag(Context::Tiff, 0x013c);
const DNG_CAMERA_SERIAL: Tag = Tag(Context::Tiff, 0xc62f);

pub fn inspect(bytes: &[u8]) -> Result<Vec<Field>, String> {
    let exif = match exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
        Ok(exif) => exif,
        // No EXIF block at all is the good case, not an error.
        Err(exif::Error::NotFound(_)) => return Ok(Vec::new()),
        Err(err) => return Err(format!("EXIF could not be read: {err}")),
    };
    let mut fields = Vec::new();
    for field in exif.fields() {
        let name = IDENTIFYING
            .iter()
            .find(|(tag, _)| *tag == field.tag)
            .map(|(_, name)| *name)
            .or(match field.tag {
                HOST_COMPUTER => Some("host computer"),
                DNG_CAMERA_SERIAL => Some("camera serial number"),
                Tag::MakerNote => Some("maker note"),
                _ => None,
            });
        let Some(name) = name else { continue };
        let value = if field.tag == Tag::MakerNote {
            format!(
                "present ({} bytes; the maker's own block often holds the camera's serial number)",
                value_len(&field.value)
            )
        } else {
            field.display_value().with_unit(&exif).to_string()
        };
        let value = value.trim_matches('"').trim().to_owned();
        if !value.is_empty() {
            fields.push(Field::new(SOURCE, name, &value));
        }
    }
    if let Some(position) = gps_position(&exif) {
        fields.push(Field::new(SOURCE, "GPS position", &position));
    }
    Ok(fields)
}

fn value_len(value: &Value) -> usize {
    match value {
        Value::Undefined(bytes, _) | Value::Byte(bytes) => bytes.len(),
        _ => 0,
    }
}

/// "52.370200, 4.895200" (decimal degrees, south and west negative).
fn gps_position(exif: &exif::Exif) -> Option<String> {
    let latitude = degrees(exif, Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S')?;
    let longitude = degrees(exif, Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W')?;
    Some(format!("{latitude:.6}, {longitude:.6}"))
}

fn degrees(exif: &exif::Exif, tag: Tag, reference: Tag, negative: u8) -> Option<f64> {
    let field = exif.get_field(tag, In::PRIMARY)?;
    let Value::Rational(parts) = &field.value else {
        return None;
    };
    let part = |i: usize| parts.get(i).map(|r| r.to_f64()).unwrap_or(0.0);
    let mut value = part(0) + part(1) / 60.0 + part(2) / 3600.0;
    if !value.is_finite() {
        return None;
    }
    if let Some(reference) = exif.get_field(reference, In::PRIMARY) {
        if let Value::Ascii(strings) = &reference.value {
            if strings.first().and_then(|s| s.first()) == Some(&negative) {
                value = -value;
            }
        }
    }
    Some(value)
}

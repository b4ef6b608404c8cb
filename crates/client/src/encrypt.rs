//! `tipbox encrypt`: age-compatible encryption of any file.
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::Path;

use super::ClientError;
use tipbox_core::envelope::{Encryptor, Recipient};
use tipbox_core::output::AtomicFile;

/// Encrypts `input` (standard input when `None`) to `recipients`, writing a
/// binary age file to `output` (standard output when `None`). A named output
/// appears only when complete and never replaces an existing file.
pub fn encrypt(
    recipients: &[Recipient],
    input: Option<&Path>,
    output: Option<&Path>,
) -> Result<(), ClientError> {
    let mut reader: Box<dyn Read> = match input {
        Some(path) => Box::new(BufReader::new(File::open(path).map_err(|source| {
            ClientError::Read {
                path: path.to_owned(),
                source,
            }
        })?)),
        None => Box::new(io::stdin().lock()),
    };
    match output {
        Some(path) => {
            let mut file = AtomicFile::create(path)?;
            seal(recipients, &mut reader, io::BufWriter::new(file.writer()))?;
            file.persist()?;
        }
        None => seal(recipients, &mut reader, io::stdout().lock())?,
    }
    Ok(())
}

fn seal(
    recipients: &[Recipient],
    input: &mut dyn Read,
    out: impl Write,
) -> Result<(), ClientError> {
    let mut encryptor = Encryptor::new(out, recipients)?;
    io::copy(input, &mut encryptor)?;
    encryptor.finish()?.flush()?;
    Ok(())
}

//! `tipbox-decrypt raw`: decrypt any standard age file sealed to X25519 or
//! hybrid post-quantum (mlkem768x25519) recipients.
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::OfflineError;
use tipbox_core::envelope::{self, Decryptor, Identity};
use tipbox_core::output::AtomicFile;

/// Standard input cannot be read twice, so when both ends are standard
/// streams the plaintext is held in memory until it authenticated; beyond
/// this size the user is asked to name an output file instead.
const MAX_BUFFERED_PLAINTEXT: usize = 64 * 1024 * 1024;

pub enum RawOutput {
    File(PathBuf),
    Stdout,
}

/// Decrypts `input` (a file, or standard input when `None`) to `output`.
/// Nothing reaches the output until the whole payload authenticated:
/// a file output is written under a temporary name and moved into place;
/// standard output gets the plaintext after a first, verifying pass.
pub fn decrypt_raw(
    identities: &[Identity],
    input: Option<&Path>,
    output: RawOutput,
) -> Result<u64, OfflineError> {
    match output {
        RawOutput::File(dest) => {
            let mut file = AtomicFile::create(&dest)?;
            let written =
                copy_plaintext(&mut open_input(input, identities)?, file.writer(), &dest)?;
            file.persist()?;
            Ok(written)
        }
        RawOutput::Stdout => {
            let stdout_name = Path::new("standard output");
            match input {
                Some(_) => {
                    copy_plaintext(
                        &mut open_input(input, identities)?,
                        &mut io::sink(),
                        stdout_name,
                    )?;
                    let mut out = io::stdout().lock();
                    copy_plaintext(&mut open_input(input, identities)?, &mut out, stdout_name)
                }
                None => {
                    let mut buffered = zeroize::Zeroizing::new(Vec::new());
                    let limit = MAX_BUFFERED_PLAINTEXT as u64 + 1;
                    let mut decryptor = open_input(None, identities)?;
                    let mut limited = (&mut decryptor).take(limit);
                    copy_plaintext(&mut limited, &mut *buffered, stdout_name)?;
                    if buffered.len() > MAX_BUFFERED_PLAINTEXT {
                        return Err(OfflineError::Usage(
                            "plaintext from standard input is larger than 64 MiB: use -o FILE",
                        ));
                    }
                    let mut out = io::stdout().lock();
                    out.write_all(&buffered)
                        .and_then(|()| out.flush())
                        .map_err(OfflineError::write(stdout_name))?;
                    Ok(buffered.len() as u64)
                }
            }
        }
    }
}

fn open_input(
    input: Option<&Path>,
    identities: &[Identity],
) -> Result<Decryptor<Box<dyn Read>>, OfflineError> {
    let reader: Box<dyn Read> = match input {
        Some(path) => Box::new(io::BufReader::new(
            File::open(path).map_err(OfflineError::read(path))?,
        )),
        None => Box::new(io::stdin().lock()),
    };
    Ok(Decryptor::new(reader, identities)?)
}

/// Copies plaintext, telling decryption failures (the file) apart from
/// write failures (the destination).
pub(super) fn copy_plaintext(
    plaintext: &mut dyn Read,
    out: &mut dyn Write,
    out_name: &Path,
) -> Result<u64, OfflineError> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match plaintext.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(envelope::Error::from_io(err).into()),
        };
        out.write_all(&buf[..n])
            .map_err(OfflineError::write(out_name))?;
        total += n as u64;
    }
    out.flush().map_err(OfflineError::write(out_name))?;
    Ok(total)
}

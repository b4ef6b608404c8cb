//! `tipbox fetch`: download an export bundle from the newsroom listener.
use std::io::{self, Seek};
use std::path::Path;

use super::http::{check, Connection};
use super::ClientError;
use tipbox_core::bundle::BundleReader;
use tipbox_core::output::AtomicFile;

/// What was downloaded.
#[derive(Debug)]
pub struct FetchReport {
    pub tips: usize,
    pub bytes: u64,
}

/// Downloads `GET v1/export` with the bearer token into `output`. The bundle
/// is read back and checked (manifest, every tip present with its size)
/// before it appears under its name; a damaged download leaves nothing.
pub fn fetch(
    connection: &Connection,
    token: &str,
    output: &Path,
) -> Result<FetchReport, ClientError> {
    let mut file = AtomicFile::create(output)?;
    let mut response = check(
        connection
            .client()
            .get(connection.url("v1/export"))
            .bearer_auth(token)
            .send()?,
    )?;
    let bytes = io::copy(&mut response, file.writer())?;

    let written = file.writer();
    written.rewind()?;
    let bundle = BundleReader::new(io::BufReader::new(&*written))?;
    let tips = bundle.manifest().tips.len();
    bundle.for_each_tip(&mut |_, content| io::copy(content, &mut io::sink()).map(|_| ()))?;

    file.persist()?;
    Ok(FetchReport { tips, bytes })
}

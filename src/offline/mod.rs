//! What `tipbox-decrypt` does on the air-gapped machine: open bundles and
//! single tips into folders, decrypt raw age files, write files safely.

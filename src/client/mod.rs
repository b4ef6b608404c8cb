//! What `tipbox` does on a source's computer or the transfer station.

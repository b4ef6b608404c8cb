//! The ciphertext store; the only module that imports sled.

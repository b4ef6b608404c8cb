//! The codename KDF's cost on this machine (what the server pays per
//! no-JavaScript request, and the CLI per derivation), printed beside two
//! references measured in the same run: the `scrypt` crate called directly
//! with the same parameters (our wrapper must add nothing), and scrypt at
//! age's default passphrase work factor (2^18), the cost age deems right
//! for one interactive unlock. Run: `cargo bench --bench codename_kdf`.
use std::time::Instant;

use tipbox::conversation::{derive_with_work_factor, Codename, CODENAME_LOG_N, CODENAME_SALT};
use tipbox::envelope::DEFAULT_SCRYPT_WORK_FACTOR;

/// Median seconds of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn raw_scrypt(log_n: u8, out_len: usize) {
    let params = scrypt::Params::new(log_n, 8, 1, out_len).unwrap();
    let mut out = vec![0u8; out_len];
    scrypt::scrypt(
        b"abacus abdomen abdominal abide abiding ability ablaze",
        CODENAME_SALT,
        &params,
        &mut out,
    )
    .unwrap();
    std::hint::black_box(out);
}

fn main() {
    let codename =
        Codename::parse("abacus abdomen abdominal abide abiding ability ablaze").unwrap();
    // scrypt holds 128 · r · N bytes.
    let memory_mib = |log_n: u8| ((128u64 * 8) << log_n) as f64 / (1024.0 * 1024.0);

    let ours = median(15, || {
        std::hint::black_box(codename.derive());
    });
    let reference = median(15, || raw_scrypt(CODENAME_LOG_N, 64));
    let age_default = median(5, || raw_scrypt(DEFAULT_SCRYPT_WORK_FACTOR, 32));

    println!("codename KDF: scrypt r = 8, p = 1, 64 bytes; median wall time, one core");
    println!(
        "tipbox Codename::derive   log2 N = {CODENAME_LOG_N:2}  {:6.0} MiB  {:8.1} ms",
        memory_mib(CODENAME_LOG_N),
        ours * 1000.0
    );
    println!(
        "scrypt crate, same params log2 N = {CODENAME_LOG_N:2}  {:6.0} MiB  {:8.1} ms  (ratio {:.2})",
        memory_mib(CODENAME_LOG_N),
        reference * 1000.0,
        ours / reference
    );
    println!(
        "scrypt at age's default   log2 N = {:2}  {:6.0} MiB  {:8.1} ms  ({:.1}x the codename KDF)",
        DEFAULT_SCRYPT_WORK_FACTOR,
        memory_mib(DEFAULT_SCRYPT_WORK_FACTOR),
        age_default * 1000.0,
        age_default / ours
    );
    // Other work factors, for choosing CODENAME_LOG_N with the browser figures.
    for log_n in [11u8, 13, 14, 15] {
        let t = median(5, || {
            std::hint::black_box(derive_with_work_factor(&codename, log_n));
        });
        println!(
            "tipbox derive             log2 N = {log_n:2}  {:6.0} MiB  {:8.1} ms",
            memory_mib(log_n),
            t * 1000.0
        );
    }
}

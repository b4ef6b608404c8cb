//! Encrypts and decrypts the same 256 MiB with this implementation (one
//! thread, then every core) and with the `age` crate, in one run, and prints
//! MiB/s for each and the ratio to age. Run: `cargo bench --bench envelope`.

use std::io::{Read, Write};
use std::iter;
use std::num::NonZeroUsize;
use std::str::FromStr;
use std::time::Instant;

use tipbox::envelope::{Decryptor, Encryptor, Identity};

const SIZE: usize = 256 * 1024 * 1024;

fn mib_per_s(seconds: f64) -> f64 {
    SIZE as f64 / (1024.0 * 1024.0) / seconds
}

/// Seconds taken by `f`, best of three runs.
fn best_of_3(mut f: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let plaintext: Vec<u8> = (0..SIZE).map(|i| (i * 31 % 251) as u8).collect();
    let ours = Identity::generate();
    let theirs = age::x25519::Identity::from_str(ours.to_encoded().as_str()).unwrap();
    let recipient = ours.to_public();
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);

    // age crate.
    let mut age_file = Vec::with_capacity(SIZE + SIZE / 1000 + 4096);
    let age_enc = best_of_3(|| {
        age_file.clear();
        let enc =
            age::Encryptor::with_recipients(iter::once(&theirs.to_public() as &dyn age::Recipient))
                .unwrap();
        let mut w = enc.wrap_output(&mut age_file).unwrap();
        w.write_all(&plaintext).unwrap();
        w.finish().unwrap();
    });
    let mut out = Vec::with_capacity(SIZE);
    let age_dec = best_of_3(|| {
        out.clear();
        let dec = age::Decryptor::new(&age_file[..]).unwrap();
        dec.decrypt(iter::once(&theirs as &dyn age::Identity))
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
    });
    assert_eq!(out, plaintext);
    println!(
        "age crate        encrypt {:8.1} MiB/s   decrypt {:8.1} MiB/s",
        mib_per_s(age_enc),
        mib_per_s(age_dec)
    );

    for threads in [1, cores] {
        let threads = NonZeroUsize::new(threads).unwrap();
        let mut file = Vec::with_capacity(SIZE + SIZE / 1000 + 4096);
        let enc = best_of_3(|| {
            file.clear();
            let mut e = Encryptor::new(&mut file, std::slice::from_ref(&recipient))
                .unwrap()
                .with_threads(threads);
            e.write_all(&plaintext).unwrap();
            e.finish().unwrap();
        });
        let dec = best_of_3(|| {
            out.clear();
            Decryptor::new(&file[..], std::slice::from_ref(&ours))
                .unwrap()
                .with_threads(threads)
                .read_to_end(&mut out)
                .unwrap();
        });
        assert_eq!(out, plaintext);
        println!(
            "tipbox {threads} thread(s) encrypt {:8.1} MiB/s ({:.2}x age)   decrypt {:8.1} MiB/s ({:.2}x age)",
            mib_per_s(enc), age_enc / enc, mib_per_s(dec), age_dec / dec
        );
    }
}

//! The per-recipient cost of the age header: wrapping the file key to a
//! recipient (encrypting) and unwrapping it with an identity (decrypting),
//! for the hybrid post-quantum type (`mlkem768x25519`: X-Wing encapsulation
//! and HPKE) beside X25519, and the `age` crate's X25519 as the reference,
//! all measured in this run. Prints microseconds per recipient.
//!
//! Wrap: a header for 16 recipients of one type (empty payload), divided by
//! 16. Unwrap: opening a one-recipient file with its identity (header parse,
//! one unwrap, MAC check, empty payload). Best of five batches.
//!
//! Run: `cargo bench --bench header_wrap`.

use std::io::{Read, Write};
use std::iter;
use std::str::FromStr;
use std::time::Instant;

use tipbox::envelope::{Decryptor, Encryptor, Identity, Recipient};

const RECIPIENTS: usize = 16;
const ROUNDS: usize = 200;

/// Microseconds per call of `f`, best of five batches of [`ROUNDS`].
fn micros(mut f: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..ROUNDS {
                f();
            }
            start.elapsed().as_secs_f64() * 1e6 / ROUNDS as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn seal(recipients: &[Recipient]) -> Vec<u8> {
    let mut encryptor = Encryptor::new(Vec::new(), recipients).unwrap();
    encryptor.write_all(b"").unwrap();
    encryptor.finish().unwrap()
}

fn open(file: &[u8], identity: &Identity) {
    let mut out = Vec::new();
    Decryptor::new(file, std::slice::from_ref(identity))
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
}

/// (wrap, unwrap) microseconds per recipient for identities made by `generate`.
fn ours(generate: fn() -> Identity) -> (f64, f64) {
    let identities: Vec<Identity> = (0..RECIPIENTS).map(|_| generate()).collect();
    let recipients: Vec<Recipient> = identities.iter().map(Identity::to_public).collect();
    let wrap = micros(|| drop(seal(&recipients))) / RECIPIENTS as f64;
    let file = seal(&recipients[..1]);
    let unwrap = micros(|| open(&file, &identities[0]));
    (wrap, unwrap)
}

fn age_crate() -> (f64, f64) {
    let identities: Vec<age::x25519::Identity> = (0..RECIPIENTS)
        .map(|_| age::x25519::Identity::generate())
        .collect();
    let recipients: Vec<age::x25519::Recipient> = identities
        .iter()
        .map(age::x25519::Identity::to_public)
        .collect();
    let seal = |recipients: &[age::x25519::Recipient]| {
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .unwrap();
        let mut file = Vec::new();
        let writer = encryptor.wrap_output(&mut file).unwrap();
        writer.finish().unwrap();
        file
    };
    let wrap = micros(|| drop(seal(&recipients))) / RECIPIENTS as f64;
    let file = seal(&recipients[..1]);
    let unwrap = micros(|| {
        let mut out = Vec::new();
        age::Decryptor::new(&file[..])
            .unwrap()
            .decrypt(iter::once(&identities[0] as &dyn age::Identity))
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
    });
    (wrap, unwrap)
}

fn main() {
    // Both key types parse from their own encodings (a sanity check that the
    // keys measured are the ones the tools use).
    let hybrid = Identity::generate_hybrid();
    assert!(Recipient::from_str(&hybrid.to_public().to_string())
        .unwrap()
        .is_hybrid());

    println!("{:<34} {:>12} {:>12}", "µs per recipient", "wrap", "unwrap");
    let (age_wrap, age_unwrap) = age_crate();
    println!(
        "{:<34} {age_wrap:>12.1} {age_unwrap:>12.1}",
        "age crate, X25519 (reference)"
    );
    let (x_wrap, x_unwrap) = ours(Identity::generate);
    println!("{:<34} {x_wrap:>12.1} {x_unwrap:>12.1}", "tipbox, X25519");
    let (h_wrap, h_unwrap) = ours(Identity::generate_hybrid);
    println!(
        "{:<34} {h_wrap:>12.1} {h_unwrap:>12.1}",
        "tipbox, hybrid mlkem768x25519"
    );
    println!(
        "\nhybrid / X25519: wrap {:.1}x, unwrap {:.1}x",
        h_wrap / x_wrap,
        h_unwrap / x_unwrap
    );
}

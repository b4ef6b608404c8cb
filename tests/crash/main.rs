//! The crash suite: the real `tipbox-server` binary, 32 concurrent
//! submitters on every submission path, SIGKILL at random moments, restart,
//! and at the end an export that must hold every acknowledged submission,
//! decrypting to exactly what was sent, and nothing else but whole,
//! decryptable submissions that were really sent.
//!
//! Knobs (environment): `TIPBOX_CRASH_ROUNDS` (default 20),
//! `TIPBOX_CRASH_SEED` (default: random, printed), `TIPBOX_CRASH_SUBMITTERS`
//! (default 32). A failing run is replayed in spirit with its seed: the kill
//! moments and the mix of submissions follow it, the thread timing cannot.
mod check;
mod content;
mod server;
mod submitters;

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tipbox::envelope::Identity;

use server::ServerProcess;
use submitters::{Ledger, Submitter};

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {text:?}")),
        Err(_) => default,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_random_moments_loses_no_acknowledged_submission() {
    let rounds = env_number("TIPBOX_CRASH_ROUNDS", 20);
    let seed = env_number("TIPBOX_CRASH_SEED", rand::random::<u32>() as u64);
    let submitter_count = env_number("TIPBOX_CRASH_SUBMITTERS", 32) as usize;
    println!("crash suite: seed {seed} (TIPBOX_CRASH_SEED={seed} to reuse), {rounds} rounds, {submitter_count} submitters");
    let started = Instant::now();

    let data = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let identity = Identity::generate();
    let recipient = identity.to_public();
    let mut kill_moments = StdRng::seed_from_u64(seed);
    let ledger = Ledger::default();
    let mut submitters: Vec<Submitter> = (0..submitter_count)
        .map(|i| Submitter::new(i, seed, recipient.clone(), ledger.clone()))
        .collect();

    for round in 0..rounds {
        let server = ServerProcess::start(data.path(), logs.path(), &recipient).await;
        let stop = tokio_util_stop();
        let tasks: Vec<_> = submitters
            .drain(..)
            .map(|mut submitter| {
                let (base, stop) = (server.base_url(), stop.subscribe());
                tokio::spawn(async move {
                    submitter.run_round(&base, stop).await;
                    submitter
                })
            })
            .collect();
        let alive = Duration::from_millis(kill_moments.gen_range(200..2000));
        tokio::time::sleep(alive).await;
        server.kill();
        let _ = stop.send(true);
        for task in tasks {
            submitters.push(task.await.expect("a submitter panicked"));
        }
        let tally = ledger.tally();
        println!(
            "round {:>3}: alive {:>4} ms, acknowledged so far {:>5}, sent {:>5}",
            round + 1,
            alive.as_millis(),
            tally.acknowledged,
            tally.sent
        );
    }

    // Last start: the resumable uploads cut by the last kill finish now, and
    // the newsroom exports what survived.
    let rounds_took = started.elapsed();
    let server = ServerProcess::start(data.path(), logs.path(), &recipient).await;
    let base = server.base_url();
    let finishing: Vec<_> = submitters
        .drain(..)
        .map(|mut submitter| {
            let base = base.clone();
            tokio::spawn(async move { submitter.finish_pending(&base).await })
        })
        .collect();
    for task in finishing {
        task.await.expect("a submitter panicked");
    }
    assert_eq!(
        server::spool_files(data.path()),
        0,
        "start-up left spool files of interrupted no-JavaScript uploads"
    );
    let bundle = logs.path().join("export.tar");
    server.export(&bundle).await;
    server.kill();

    println!(
        "crash suite: rounds took {:.1} s, the last start and export {:.1} s",
        rounds_took.as_secs_f64(),
        (started.elapsed() - rounds_took).as_secs_f64()
    );
    let checking = Instant::now();
    let report = check::check_export(&bundle, &identity, &ledger);
    println!(
        "crash suite: export of {} MiB checked in {:.1} s",
        std::fs::metadata(&bundle).unwrap().len() >> 20,
        checking.elapsed().as_secs_f64()
    );
    let tally = ledger.tally();
    println!(
        "crash suite: rounds {rounds}, sent {}, acknowledged {}, recovered {}, lost {}, \
         stored without acknowledgement {}, refused {}, seconds {:.1}",
        tally.sent,
        tally.acknowledged,
        report.recovered,
        report.lost.len() + tally.lost_parts,
        report.unacknowledged_stored,
        tally.refused,
        started.elapsed().as_secs_f64()
    );
    println!(
        "crash suite: acknowledged by path: api {}, no-JavaScript {}, resumable {}",
        tally.acknowledged_by_kind[0], tally.acknowledged_by_kind[1], tally.acknowledged_by_kind[2]
    );
    assert!(
        report.problems.is_empty(),
        "stored tips that are not whole, sent submissions:\n{}",
        report.problems.join("\n")
    );
    assert!(
        report.lost.is_empty() && tally.lost_parts == 0,
        "lost acknowledged submissions {:?} and acknowledged parts {} (seed {seed})",
        report.lost,
        tally.lost_parts
    );
    assert!(
        tally.unexpected.is_empty(),
        "answers the server should never give:\n{}",
        tally.unexpected.join("\n")
    );
    assert!(
        tally.acknowledged_by_kind.iter().all(|&n| n > 0),
        "every path must have been exercised: {:?}",
        tally.acknowledged_by_kind
    );
}

/// A stop signal every submitter of a round watches.
fn tokio_util_stop() -> tokio::sync::watch::Sender<bool> {
    tokio::sync::watch::channel(false).0
}

//! The 32 submitters: each loops over the three submission paths with
//! small and multi-MiB tips until its round's server is killed, and writes
//! down in the [`Ledger`] what it sent and what the server acknowledged.
//!
//! A resumable upload cut by a kill is resumed in the next round, from
//! where the restarted server says it got; a part it acknowledged before
//! the kill must still be there.
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tipbox::envelope::Recipient;
use tokio::sync::watch;

use crate::content;

/// The three ways in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// `POST /api/v1/tips`, one request.
    Api = 0,
    /// `POST /submit`, the no-JavaScript form, sealed by the server.
    NoJs = 1,
    /// `POST /api/v1/uploads`, parts, finish.
    Resumable = 2,
}

/// What was sent under one submission number.
#[derive(Clone, Copy, Debug)]
pub struct Sent {
    pub path: Path,
    /// Bytes after the name line (see [`content::plaintext`]).
    pub len: usize,
}

#[derive(Default)]
struct Entries {
    next_id: u64,
    sent: HashMap<u64, Sent>,
    acknowledged: HashSet<u64>,
    refused: usize,
    lost_parts: usize,
    unexpected: Vec<String>,
}

/// What every submitter did, shared.
#[derive(Clone, Default)]
pub struct Ledger(Arc<Mutex<Entries>>);

/// The ledger's counts.
pub struct Tally {
    pub sent: usize,
    pub acknowledged: usize,
    pub acknowledged_by_kind: [usize; 3],
    pub refused: usize,
    /// Acknowledged resumable parts (or starts) missing after a restart.
    pub lost_parts: usize,
    pub unexpected: Vec<String>,
}

impl Ledger {
    fn send(&self, path: Path, len: usize) -> u64 {
        let mut entries = self.0.lock().unwrap();
        let id = entries.next_id;
        entries.next_id += 1;
        entries.sent.insert(id, Sent { path, len });
        id
    }

    fn acknowledge(&self, id: u64) {
        assert!(
            self.0.lock().unwrap().acknowledged.insert(id),
            "submission {id} acknowledged twice"
        );
    }

    fn unexpected(&self, what: String) {
        self.0.lock().unwrap().unexpected.push(what);
    }

    pub fn sent(&self, id: u64) -> Option<Sent> {
        self.0.lock().unwrap().sent.get(&id).copied()
    }

    pub fn acknowledged(&self) -> HashSet<u64> {
        self.0.lock().unwrap().acknowledged.clone()
    }

    pub fn tally(&self) -> Tally {
        let entries = self.0.lock().unwrap();
        let mut by_kind = [0; 3];
        for id in &entries.acknowledged {
            by_kind[entries.sent[id].path as usize] += 1;
        }
        Tally {
            sent: entries.sent.len(),
            acknowledged: entries.acknowledged.len(),
            acknowledged_by_kind: by_kind,
            refused: entries.refused,
            lost_parts: entries.lost_parts,
            unexpected: entries.unexpected.clone(),
        }
    }
}

/// A resumable upload that a kill interrupted.
struct Pending {
    id: u64,
    upload: String,
    ciphertext: Vec<u8>,
    part_size: usize,
    /// Parts the server answered 204 for.
    acknowledged_parts: usize,
}

pub struct Submitter {
    index: usize,
    rng: StdRng,
    recipient: Recipient,
    ledger: Ledger,
    pending: Option<Pending>,
}

/// How one request ended.
enum Answer {
    Status(u16, String),
    /// No answer: the server died (or was dying) under the request.
    Cut,
}

async fn answer(request: reqwest::RequestBuilder) -> Answer {
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            match response.text().await {
                Ok(body) => Answer::Status(status, body),
                Err(_) => Answer::Cut,
            }
        }
        Err(_) => Answer::Cut,
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

impl Submitter {
    pub fn new(index: usize, seed: u64, recipient: Recipient, ledger: Ledger) -> Submitter {
        Submitter {
            index,
            rng: StdRng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(index as u64)),
            recipient,
            ledger,
            pending: None,
        }
    }

    /// Submits until `stop` turns true (the server was killed).
    pub async fn run_round(&mut self, base: &str, stop: watch::Receiver<bool>) {
        let client = client();
        if self.pending.is_some() && !self.resume(&client, base).await {
            return;
        }
        while !*stop.borrow() {
            let path = match self.rng.gen_range(0..4) {
                0 | 1 => Path::Api,
                2 => Path::NoJs,
                _ => Path::Resumable,
            };
            // Mostly small tips; one in eight is several MiB.
            let len = if self.rng.gen_ratio(1, 8) {
                self.rng.gen_range(1024 * 1024..4 * 1024 * 1024)
            } else {
                self.rng.gen_range(0..64 * 1024)
            };
            let id = self.ledger.send(path, len);
            let delivered = match path {
                Path::Api => self.via_api(&client, base, id, len).await,
                Path::NoJs => self.via_form(&client, base, id, len).await,
                Path::Resumable => self.via_uploads(&client, base, id, len).await,
            };
            if !delivered {
                // The server is gone; do not spin until the stop arrives.
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }

    /// After the last restart: finishes the upload a kill interrupted.
    pub async fn finish_pending(&mut self, base: &str) {
        if self.pending.is_some() {
            assert!(
                self.resume(&client(), base).await,
                "submitter {}: the running server cut a resumed upload",
                self.index
            );
        }
    }

    /// Checks the answer against the one expected; false when cut.
    fn judge(&self, what: &str, answer: Answer, expected: u16) -> Option<bool> {
        match answer {
            Answer::Status(status, _) if status == expected => Some(true),
            Answer::Status(status, body) => {
                self.ledger.0.lock().unwrap().refused += 1;
                self.ledger
                    .unexpected(format!("submitter {}: {what}: {status} {body}", self.index));
                Some(false)
            }
            Answer::Cut => None,
        }
    }

    /// An age file for the newsroom, made by the `age` crate: optimised in
    /// test builds (our own code is not), and a second implementation the
    /// server must accept.
    fn encrypt(&self, plaintext: &[u8]) -> Vec<u8> {
        let recipient: age::x25519::Recipient = self.recipient.to_string().parse().unwrap();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let mut out = Vec::with_capacity(plaintext.len() + 1024);
        let mut writer = encryptor.wrap_output(&mut out).unwrap();
        std::io::Write::write_all(&mut writer, plaintext).unwrap();
        writer.finish().unwrap();
        out
    }

    /// True when the server answered (whatever it said).
    async fn via_api(&self, client: &reqwest::Client, base: &str, id: u64, len: usize) -> bool {
        let body = self.encrypt(&content::plaintext(id, len));
        let request = client
            .post(format!("{base}/api/v1/tips"))
            .header("content-type", "application/octet-stream")
            .body(body);
        match self.judge("POST /api/v1/tips", answer(request).await, 201) {
            Some(true) => {
                self.ledger.acknowledge(id);
                true
            }
            Some(false) => true,
            None => false,
        }
    }

    async fn via_form(&self, client: &reqwest::Client, base: &str, id: u64, len: usize) -> bool {
        let body = content::form(id, &content::plaintext(id, len));
        let request = client
            .post(format!("{base}/submit"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={}", content::BOUNDARY),
            )
            .body(body);
        match self.judge("POST /submit", answer(request).await, 200) {
            Some(true) => {
                self.ledger.acknowledge(id);
                true
            }
            Some(false) => true,
            None => false,
        }
    }

    async fn via_uploads(
        &mut self,
        client: &reqwest::Client,
        base: &str,
        id: u64,
        len: usize,
    ) -> bool {
        let ciphertext = self.encrypt(&content::plaintext(id, len));
        let request = client
            .post(format!("{base}/api/v1/uploads"))
            .json(&serde_json::json!({ "size": ciphertext.len() }));
        let started = match answer(request).await {
            Answer::Status(201, body) => body,
            other => return self.judge("POST /api/v1/uploads", other, 201).is_some(),
        };
        let started: serde_json::Value = serde_json::from_str(&started).unwrap();
        self.pending = Some(Pending {
            id,
            upload: started["upload"].as_str().unwrap().to_owned(),
            ciphertext,
            part_size: started["part_size"].as_u64().unwrap() as usize,
            acknowledged_parts: 0,
        });
        self.send_parts(client, base, 0).await
    }

    /// Asks the restarted server how far the pending upload got, checks
    /// that no acknowledged part was lost, and continues; false when cut.
    async fn resume(&mut self, client: &reqwest::Client, base: &str) -> bool {
        let pending = self.pending.as_ref().expect("a pending upload");
        let request = client.get(format!("{base}/api/v1/uploads/{}", pending.upload));
        let received = match answer(request).await {
            Answer::Status(200, body) => {
                let status: serde_json::Value = serde_json::from_str(&body).unwrap();
                status["received_parts"].as_u64().unwrap() as usize
            }
            Answer::Status(404, _) => {
                // The start was acknowledged, so the upload must still exist.
                self.ledger.0.lock().unwrap().lost_parts += pending.acknowledged_parts.max(1);
                self.pending = None;
                return true;
            }
            other => {
                let judged = self.judge("GET /api/v1/uploads/<id>", other, 200);
                if judged == Some(false) {
                    self.pending = None;
                }
                return judged.is_some();
            }
        };
        if received < pending.acknowledged_parts {
            self.ledger.0.lock().unwrap().lost_parts += pending.acknowledged_parts - received;
        }
        self.send_parts(client, base, received).await
    }

    /// Sends parts from `first` on, then finishes; false when cut.
    async fn send_parts(&mut self, client: &reqwest::Client, base: &str, first: usize) -> bool {
        let pending = self.pending.as_mut().expect("a pending upload");
        let parts: Vec<Vec<u8>> = pending
            .ciphertext
            .chunks(pending.part_size)
            .map(<[u8]>::to_vec)
            .collect();
        for (n, part) in parts.into_iter().enumerate().skip(first) {
            let request = client
                .post(format!(
                    "{base}/api/v1/uploads/{}/parts/{n}",
                    pending.upload
                ))
                .header("content-type", "application/octet-stream")
                .body(part);
            match answer(request).await {
                Answer::Status(204, _) => pending.acknowledged_parts = n + 1,
                Answer::Cut => return false,
                Answer::Status(status, body) => {
                    self.ledger.0.lock().unwrap().refused += 1;
                    self.ledger.unexpected(format!(
                        "submitter {}: part {n}: {status} {body}",
                        self.index
                    ));
                    self.pending = None;
                    return true;
                }
            }
        }
        let request = client.post(format!("{base}/api/v1/uploads/{}/finish", pending.upload));
        let id = pending.id;
        match self.judge("finish", answer(request).await, 201) {
            Some(acknowledged) => {
                if acknowledged {
                    self.ledger.acknowledge(id);
                }
                self.pending = None;
                true
            }
            None => false,
        }
    }
}

//! The operator's log never records who a client is or what they sent.
use reqwest::Method;

use crate::helpers::{captured_log, TestApp};

#[tokio::test]
async fn log_of_the_test_run_holds_no_client_address_agent_or_token() {
    let app = TestApp::spawn().await;
    let agent = "Mozilla/5.0 (tipbox-test-agent-7f3e)";
    let client = reqwest::Client::builder()
        .user_agent(agent)
        .build()
        .unwrap();
    // Successes, refusals and errors on both listeners.
    let tip = app.encrypt(b"log test");
    let answers = [
        client
            .post(format!("{}/api/v1/tips", app.address))
            .body(tip)
            .send()
            .await,
        client
            .post(format!("{}/api/v1/tips", app.address))
            .body("garbage")
            .send()
            .await,
        client
            .get(format!("{}/no/such/page", app.address))
            .send()
            .await,
        client.put(format!("{}/", app.address)).send().await,
        client
            .get(format!("{}/v1/tips", app.newsroom_address))
            .bearer_auth("wrong-token-9c1d")
            .send()
            .await,
        client
            .get(format!("{}/v1/export", app.newsroom_address))
            .bearer_auth(&app.token)
            .send()
            .await,
    ];
    for answer in answers {
        answer.unwrap();
    }
    app.newsroom(Method::GET, "/v1/tips", Some(&app.token))
        .await;

    let log = captured_log();

    // The capture works: start-up lines are there.
    assert!(
        log.contains("source listener ready"),
        "nothing captured:\n{log}"
    );
    assert!(
        !log.contains("127.0.0.1"),
        "client address in the log:\n{log}"
    );
    assert!(
        !log.contains("tipbox-test-agent"),
        "User-Agent in the log:\n{log}"
    );
    assert!(
        !log.contains("wrong-token-9c1d"),
        "token in the log:\n{log}"
    );
    assert!(!log.contains(&app.token), "token in the log:\n{log}");
}

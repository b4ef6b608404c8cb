//! The operator's log never records who a client is or what they sent.
use reqwest::Method;

use tipbox::server::logging::{self, Event};

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

#[tokio::test]
async fn refused_uploads_are_counted_for_the_hourly_report_not_logged_one_by_one() {
    // Issue 12, item 7: each refusal wrote a timestamped line, a timeline
    // of source activity. Now only totals, at most once an hour.
    let app = TestApp::spawn_with(|s| s.limits.max_store_bytes = 2000).await;
    assert_eq!(
        app.post_tip(app.encrypt(&[1; 1500]))
            .await
            .status()
            .as_u16(),
        201
    );
    let log_before = captured_log().len();
    let counted_before = logging::counted(Event::StorageCapReached);

    for _ in 0..3 {
        let refused = app.post_tip(app.encrypt(&[2; 1500])).await;
        assert_eq!(refused.status().as_u16(), 507);
    }

    let log = captured_log();
    assert!(
        !log[log_before..].contains("storage cap reached"),
        "a line per refusal:\n{}",
        &log[log_before..]
    );
    assert!(logging::counted(Event::StorageCapReached) >= counted_before + 3);
    assert_eq!(logging::REPORT_PERIOD.as_secs(), 3600);
}

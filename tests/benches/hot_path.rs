//! The generated client's hot path against the hand-written equivalent a user would otherwise
//! write with reqwest and serde, on the same data:
//!
//! - `decode`: a 250-identity `listIdentities` page (about 150 KB of JSON) decoded in memory,
//!   into the generated `v2024::types::Identity` models and into hand-written structs with the
//!   same fields;
//! - `call`: the whole call — build the request (query, headers, bearer token), send it to a
//!   keep-alive HTTP/1.1 server on loopback, read and decode the page.
//!
//! `cargo bench -p workspace-tests --bench hot_path` measures; `cargo test` runs each benchmark
//! once (criterion's test mode) so they keep compiling and working. The README's Performance
//! section quotes the figures.

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sailpoint_identities::v2024;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PAGE: usize = 250;
const TOKEN: &str = "bench-access-token";
const FILTER: &str = r#"email sw "walter" or correlated eq true"#;

/// A `listIdentities` page of `count` identities shaped like SailPoint's documented example.
fn page_json(count: usize) -> Vec<u8> {
    let identities: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            serde_json::json!({
                "id": format!("2c9180835d2e5168015d32f890ca{i:04x}"),
                "name": format!("Walter White {i}"),
                "created": "2023-01-03T21:16:22.432Z",
                "modified": "2023-01-03T21:16:22.432Z",
                "alias": format!("walter.white{i}"),
                "emailAddress": if i % 5 == 0 { serde_json::Value::Null } else { format!("walter{i}@example.com").into() },
                "processingState": if i % 7 == 0 { "ERROR".into() } else { serde_json::Value::Null },
                "identityStatus": if i % 3 == 0 { "LOCKED" } else { "ACTIVE" },
                "managerRef": {"type": "IDENTITY", "id": "2c4180a46faadee4016fb4e018c20626", "name": "Robert Robinson"},
                "isManager": i % 10 == 0,
                "lastRefresh": "2020-11-22T15:42:31.123Z",
                "attributes": {"uid": format!("{}", 86754 + i), "firstname": "Walter", "lastname": "White", "department": "Chemistry", "lastSyncDate": 1470348809380_i64},
                "lifecycleState": {"stateName": "active", "manuallyUpdated": true}
            })
        })
        .collect();
    serde_json::to_vec(&identities).expect("serialize the page")
}

/// What a careful user writes by hand for the same page: the same fields, dates parsed,
/// enums as strings, nullable fields as `Option`.
mod hand_written {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)] // read through Debug only: a benchmark decodes, it does not use fields
    pub struct Identity {
        pub id: Option<String>,
        pub name: String,
        pub created: Option<chrono::DateTime<chrono::Utc>>,
        pub modified: Option<chrono::DateTime<chrono::Utc>>,
        pub alias: Option<String>,
        pub email_address: Option<String>,
        pub processing_state: Option<String>,
        pub identity_status: Option<String>,
        pub manager_ref: Option<ManagerRef>,
        pub is_manager: Option<bool>,
        pub last_refresh: Option<chrono::DateTime<chrono::Utc>>,
        pub attributes: Option<serde_json::Map<String, serde_json::Value>>,
        pub lifecycle_state: Option<LifecycleState>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct ManagerRef {
        #[serde(rename = "type")]
        pub kind: Option<String>,
        pub id: Option<String>,
        pub name: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    pub struct LifecycleState {
        pub state_name: String,
        pub manually_updated: bool,
    }
}

fn decode(c: &mut Criterion) {
    let body = page_json(PAGE);
    let generated: Vec<v2024::types::Identity> =
        serde_json::from_slice(&body).expect("the generated models decode the page");
    let hand: Vec<hand_written::Identity> =
        serde_json::from_slice(&body).expect("the hand-written structs decode the page");
    assert_eq!((generated.len(), hand.len()), (PAGE, PAGE));

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<Vec<v2024::types::Identity>>(black_box(&body)))
    });
    group.bench_function("hand-written", |b| {
        b.iter(|| serde_json::from_slice::<Vec<hand_written::Identity>>(black_box(&body)))
    });
    group.finish();
}

/// Answers every request on `stream` with `body` (keep-alive, HTTP/1.1, GET only).
async fn answer(mut stream: TcpStream, body: Arc<Vec<u8>>) {
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let mut pending: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0_u8; 4096];
    loop {
        while !pending.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => pending.extend_from_slice(&chunk[..n]),
            }
        }
        pending.clear();
        if stream.write_all(head.as_bytes()).await.is_err()
            || stream.write_all(&body).await.is_err()
        {
            return;
        }
    }
}

/// A loopback server that answers every request with `body`.
async fn serve(body: Vec<u8>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("local address");
    let body = Arc::new(body);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer(stream, body.clone()));
        }
    });
    address
}

async fn generated_call(client: &v2024::Client) -> usize {
    client
        .list_identities()
        .filters(FILTER)
        .count(true)
        .limit(PAGE as i32)
        .offset(0)
        .send()
        .await
        .expect("the generated client lists identities")
        .into_inner()
        .len()
}

async fn hand_written_call(http: &reqwest::Client, base: &str) -> usize {
    http.get(format!("{base}/identities"))
        .query(&[
            ("filters", FILTER),
            ("count", "true"),
            ("limit", "250"),
            ("offset", "0"),
        ])
        .bearer_auth(TOKEN)
        .header("X-SailPoint-Experimental", "true")
        .header("Accept", "application/json")
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("the hand-written call lists identities")
        .json::<Vec<hand_written::Identity>>()
        .await
        .expect("the hand-written call decodes")
        .len()
}

fn call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let address = runtime.block_on(serve(page_json(PAGE)));
    let base = format!("http://{address}/v2024");
    let client = v2024::Client::new(base.clone()).with_bearer_token(TOKEN);
    let http = reqwest::Client::new();
    assert_eq!(runtime.block_on(generated_call(&client)), PAGE);
    assert_eq!(runtime.block_on(hand_written_call(&http, &base)), PAGE);

    let mut group = c.benchmark_group("call");
    group.bench_function("generated", |b| {
        b.to_async(&runtime).iter(|| generated_call(&client))
    });
    group.bench_function("hand-written", |b| {
        b.to_async(&runtime)
            .iter(|| hand_written_call(&http, &base))
    });
    group.finish();
}

criterion_group!(benches, decode, call);
criterion_main!(benches);

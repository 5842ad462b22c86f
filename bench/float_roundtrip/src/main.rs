//! What serde_json's `float_roundtrip` costs and buys: decodes float-heavy and float-light JSON
//! (median of repeated runs) and counts the floats that do not read back as written.
//! Run by `bench/float_roundtrip.sh`, once per feature setting.

use std::hint::black_box;
use std::time::Instant;

use serde::Deserialize;

/// 100,000 floats spread over many magnitudes, written by Rust's shortest round-trip printer.
fn floats() -> Vec<f64> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    (0..100_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = (state % 40) as i32 - 20;
            mantissa * 10f64.powi(exponent)
        })
        .collect()
}

/// An identity-shaped record: strings, a date, booleans and one float.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Identity {
    id: String,
    name: String,
    created: String,
    email: Option<String>,
    manager: bool,
    score: f64,
    attributes: serde_json::Value,
}

fn identities() -> String {
    let items: Vec<String> = (0..250)
        .map(|i| {
            format!(
                r#"{{"id":"2c9180835d2e5168015d32f890ca{i:04x}","name":"Walter White {i}","created":"2023-01-03T21:16:22.432Z","email":"walter{i}@example.com","manager":false,"score":{},"attributes":{{"uid":"{i}","department":"Chemistry","lastSyncDate":1470348809380,"weight":{}}}}}"#,
                i as f64 * 0.37,
                1.0 / (i as f64 + 3.0)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// Median microseconds of `runs` calls of `f`.
fn median_micros(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let values = floats();
    let text = serde_json::to_string(&values).expect("encode");
    let read: Vec<f64> = serde_json::from_str(&text).expect("decode");
    let wrong = values.iter().zip(&read).filter(|(a, b)| a != b).count();
    let page = identities();
    let mode = if cfg!(feature = "exact") { "float_roundtrip" } else { "default" };
    let floats_vec = median_micros(41, || {
        black_box(serde_json::from_str::<Vec<f64>>(black_box(&text)).unwrap());
    });
    let floats_value = median_micros(41, || {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap());
    });
    let page_typed = median_micros(201, || {
        black_box(serde_json::from_str::<Vec<Identity>>(black_box(&page)).unwrap());
    });
    println!(
        "{mode}\t{floats_vec:.0}\t{floats_value:.0}\t{page_typed:.0}\t{wrong}\t{}",
        values.len()
    );
}

//! Lists every identity of a SailPoint Identity Security Cloud tenant, one line per identity:
//! `<id>\t<name>`.
//!
//! Configured only by the environment, as SailPoint's SDKs are:
//!
//! ```sh
//! SAIL_BASE_URL=https://acme.api.identitynow.com \
//! SAIL_CLIENT_ID=... SAIL_CLIENT_SECRET=... \
//!     cargo run -p sailpoint-identities --example list_identities
//! ```
//!
//! `SAIL_BASE_URL` is the tenant's root URL: requests go to `{SAIL_BASE_URL}/v2024`, access
//! tokens come from `{SAIL_BASE_URL}/oauth/token` (OAuth2 client credentials). `http://` is
//! accepted only for loopback hosts, so a local test server works too
//! (`SAIL_BASE_URL=http://127.0.0.1:8080`).
//!
//! Every page is fetched (250 identities per request), including identities that are not
//! correlated (`defaultFilter=NONE`). Rate limits (`429`) and gateway errors are retried by the
//! client's default retry policy. On an error the message goes to stderr (never a secret) and
//! the exit status is 1.

use std::io::Write;

use sailpoint_identities::v2024;

/// Writes `<id>\t<name>` for every identity of the tenant the environment names to `out`, and
/// returns how many there were.
pub async fn run(out: &mut impl Write) -> Result<usize, Box<dyn std::error::Error>> {
    let client = v2024::Client::from_env()?;
    let mut identities = client
        .list_identities()
        .default_filter(v2024::types::ListIdentitiesDefaultFilter::None)
        .stream();
    let mut count = 0;
    while let Some(identity) = identities.next().await {
        let identity = identity?;
        // One identity per line, whatever its name holds.
        let name = identity.name.replace(['\t', '\n', '\r'], " ");
        writeln!(out, "{}\t{}", identity.id.as_deref().unwrap_or(""), name)?;
        count += 1;
    }
    out.flush()?;
    Ok(count)
}

fn main() {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            std::process::exit(1);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Err(error) = runtime.block_on(run(&mut out)) {
        // Flush what was listed before the error, then report it.
        let _ = out.flush();
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

//! `contract-kit --base-url URL --user NAME --password PASS`: checks a running
//! backend against the Latchkey REST contract and prints one line per check.

use clap::Parser;

/// Check a Latchkey backend against the REST contract.
#[derive(Debug, Parser)]
struct Args {
    /// Base URL of the backend (the part before /api/v1).
    #[arg(long, env = "LATCHKEY_CONTRACT_URL")]
    base_url: String,
    /// An account that sees at least one site allowing custom 6-digit PINs.
    #[arg(long, env = "LATCHKEY_CONTRACT_USER", default_value = "alex")]
    user: String,
    #[arg(
        long,
        env = "LATCHKEY_CONTRACT_PASSWORD",
        default_value = "maple-street"
    )]
    password: String,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let outcomes = contract_kit::run_all(&args.base_url, &args.user, &args.password).await;
    let mut failed = 0;
    for outcome in &outcomes {
        match &outcome.result {
            Ok(()) => println!("ok    {}", outcome.name),
            Err(why) => {
                failed += 1;
                println!("FAIL  {}: {why}", outcome.name);
            }
        }
    }
    println!("{} checks, {failed} failed", outcomes.len());
    if failed == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

//! `parley-loadgen`: starts a `parley serve` child on a fresh SQLite database, opens N widget
//! sockets on loopback (spread over 127.0.0.x source addresses), keeps them alive, drives M
//! messages per second visitor → agent, and prints sockets held, server RSS per socket,
//! committed messages per second, and send→ack and send→agent latencies; then, with every
//! visitor's conversation queued behind the agent's limit, how long assigning the queue's
//! head takes when capacity appears. It measures; it asserts nothing. Run it through `cargo make bench`.
mod assignment;
mod measure;
mod server_process;
mod sockets;

use clap::Parser;
use std::time::Duration;

/// Load generator options.
#[derive(Debug, Parser)]
#[command(
    name = "parley-loadgen",
    about = "Measure Parley's sockets, memory and message latency"
)]
struct Options {
    /// Widget sockets to hold open.
    #[arg(long, default_value_t = 10_000)]
    sockets: usize,
    /// Visitor messages per second to send.
    #[arg(long, default_value_t = 1_000)]
    rate: u32,
    /// Seconds to drive messages for.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Sockets per source address (ephemeral ports run out past ~28k per address).
    #[arg(long, default_value_t = 20_000)]
    per_source: usize,
    /// Times capacity appears (the agent closes a conversation) with the queue full.
    #[arg(long, default_value_t = 200)]
    capacity_rounds: usize,
}

#[tokio::main]
async fn main() {
    let options = Options::parse();
    if let Err(error) = run(options).await {
        eprintln!("parley-loadgen: {error}");
        std::process::exit(1);
    }
}

async fn run(options: Options) -> Result<(), String> {
    let limit = rlimit::increase_nofile_limit(u64::MAX)
        .map_err(|error| format!("cannot raise the open-file limit: {error}"))?;
    let steal_before = measure::cpu_steal();
    let server = server_process::ServerProcess::start().await?;
    let idle_rss = measure::rss_kib(server.pid());
    println!(
        "server pid {} at {}; open-file limit here {limit}",
        server.pid(),
        server.base_url()
    );

    let visitors = sockets::open_visitors(&server, options.sockets, options.per_source).await?;
    // Connected last: a socket nobody reads falls behind and is dropped by the hub.
    let agent = sockets::Agent::connect(&server).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let held_rss = measure::rss_kib(server.pid());
    let held = visitors.len();
    println!("sockets held: {held} (asked {})", options.sockets);
    if let (Some(idle), Some(held_rss)) = (idle_rss, held_rss) {
        let per_socket = (held_rss.saturating_sub(idle) as f64 * 1024.0) / held.max(1) as f64;
        println!(
            "server RSS: idle {:.1} MiB, with sockets {:.1} MiB, {:.1} KiB per socket",
            idle as f64 / 1024.0,
            held_rss as f64 / 1024.0,
            per_socket / 1024.0
        );
    }

    let mut agent = agent;
    let results = sockets::drive(
        &visitors,
        &mut agent,
        options.rate,
        Duration::from_secs(options.seconds),
    )
    .await;
    let steal = measure::cpu_steal()
        .zip(steal_before)
        .map(|(after, before)| measure::steal_percent(before, after));
    results.print(options.rate, options.seconds);
    if let Some(steal) = steal {
        println!("cpu steal during the run: {steal:.1}%");
    }
    if let Some(rss) = measure::rss_kib(server.pid()) {
        println!("server RSS after the run: {:.1} MiB", rss as f64 / 1024.0);
    }
    drop(agent);
    // Every visitor wrote, the agent holds its limit: nearly all conversations wait.
    match assignment::capacity_latency(&server, options.capacity_rounds).await {
        Ok(report) => report.print(),
        Err(error) => println!("assignment latency not measured: {error}"),
    }
    drop(visitors);
    server.stop().await;
    Ok(())
}

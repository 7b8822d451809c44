//! The workbench's first load in Chromium: runs `end2end/bench/first-load.mjs` (Playwright,
//! Debian's Chromium) against the server and summarises its runs.
use crate::server_process::ServerProcess;
use crate::{Figures, figures};
use serde::Deserialize;

/// One run as the script prints it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    ms: f64,
    ms_from_login: f64,
    bytes: u64,
    bytes_after_sign_in: u64,
    heap_mb: f64,
    rows: u64,
}

pub struct Report {
    runs: usize,
    after_sign_in: Figures,
    from_login: Figures,
    bytes: u64,
    bytes_after_sign_in: u64,
    heap_mb: f64,
    rows: u64,
}

impl Report {
    pub fn print(&self) {
        println!(
            "  workbench first load in Chromium ({} cold runs, {} rows in the first page):",
            self.runs, self.rows
        );
        crate::print_single("  Sign in → list shown", &self.after_sign_in);
        crate::print_single("  /login → list shown", &self.from_login);
        println!(
            "    received from /login on: {:.0} KB (after Sign in: {:.0} KB); JS heap after load {:.1} MB",
            self.bytes as f64 / 1000.0,
            self.bytes_after_sign_in as f64 / 1000.0,
            self.heap_mb
        );
    }
}

pub async fn measure(
    server: &ServerProcess,
    email: &str,
    password: &str,
) -> Result<Report, String> {
    let output = tokio::process::Command::new("node")
        .arg("bench/first-load.mjs")
        .current_dir("end2end")
        .env("BENCH_URL", server.base_url())
        .env("BENCH_EMAIL", email)
        .env("BENCH_PASSWORD", password)
        .output()
        .await
        .map_err(|e| format!("cannot run node (see the README's set-up command): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "first-load.mjs failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut runs: Vec<Run> = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        match serde_json::from_str(line) {
            Ok(run) => runs.push(run),
            // A run whose list never showed: what the page said instead.
            Err(_) => println!("    a run failed: {line}"),
        }
    }
    if runs.is_empty() {
        return Err("no run showed the list".to_owned());
    }
    let most = |value: fn(&Run) -> u64| runs.iter().map(value).max().unwrap_or_default();
    Ok(Report {
        runs: runs.len(),
        after_sign_in: figures(runs.iter().map(|run| run.ms).collect()),
        from_login: figures(runs.iter().map(|run| run.ms_from_login).collect()),
        bytes: most(|run| run.bytes),
        bytes_after_sign_in: most(|run| run.bytes_after_sign_in),
        heap_mb: runs.iter().map(|run| run.heap_mb).fold(0.0, f64::max),
        rows: most(|run| run.rows),
    })
}

//! The seeded database seen from outside: the release `parley serve` on it, the workbench's
//! first load in Chromium, and an agent resuming after a minute away. `BENCH_BROWSER=0` skips
//! it; `BENCH_AWAY_SECS` shortens the minute (for trying the bench out).
use crate::seed::Seeded;
use crate::server_process::ServerProcess;
use crate::{browser, resume};
use app::backend::auth::password::hash_blocking;
use app::backend::db::Db;
use std::time::Duration;

const PASSWORD: &str = "bench-password";

pub fn wanted() -> bool {
    std::env::var("BENCH_BROWSER").map_or(true, |value| value != "0")
}

/// Gives the seeded admin a password; returns their email and the project's widget key.
pub async fn prepare(db: &Db, seeded: &Seeded) -> Result<(String, String), String> {
    let hash = hash_blocking(PASSWORD).map_err(|e| e.to_string())?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(&seeded.admin)
        .execute(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(&seeded.admin)
        .fetch_one(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    let key: String = sqlx::query_scalar("SELECT public_key FROM projects WHERE id = $1")
        .bind(&seeded.project)
        .fetch_one(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    Ok((email, key))
}

/// Runs both measurements on a server of `database_url` (the bench's own pool closed first).
pub async fn measure(database_url: &str, email: &str, key: &str) -> Result<(), String> {
    let server = ServerProcess::start_on(Some(database_url)).await?;
    match browser::measure(&server, email, PASSWORD).await {
        Ok(report) => report.print(),
        Err(error) => println!("  first load not measured: {error}"),
    }
    let away = std::env::var("BENCH_AWAY_SECS")
        .ok()
        .and_then(|secs| secs.parse().ok())
        .map_or(Duration::from_secs(60), Duration::from_secs);
    let member = resume::Member::sign_in(&server, email, PASSWORD).await?;
    let report = resume::measure(&server, &member, key, away).await;
    server.stop().await;
    report?.print();
    Ok(())
}

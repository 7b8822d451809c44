//! `cargo make bench`, the list part: seeds 1,000, 10,000 and 100,000 conversations (about
//! ten messages each, so 1,000,000 messages at the largest) on SQLite and on PostgreSQL, then
//! times every view, count, filter and search query and a 2,000-message conversation's
//! first history page, and prints p50 / p99 / max per query; then, with the release server on
//! that database, the workbench's first load in Chromium and an agent's resume after a minute.
mod browser;
mod resume;
mod seed;
#[path = "../parley-loadgen/server_process.rs"]
mod server_process;
mod workbench;

use app::backend::db::conversation_list::{self, Asker, Context};
use app::backend::db::conversation_search::{self, TextPlan};
use app::backend::db::{Backend, Db, events};
use app::models::conversation_list::{Filters, LastReply, PAGE_SIZE, View};
use app::models::{ConversationId, ProjectId, Role, Timestamp, UserId};
use app::routing::conversation_state::WaitThresholds;
use std::time::Instant;

/// Times per query.
const RUNS: usize = 40;

struct Figures {
    p50: f64,
    p99: f64,
    max: f64,
}

async fn time<F, Fut>(mut run: F) -> Result<Figures, String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>>,
{
    run().await.map_err(|e| e.to_string())?;
    let mut millis = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        run().await.map_err(|e| e.to_string())?;
        millis.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(figures(millis))
}

/// p50, p99 and max of some timings in milliseconds.
fn figures(mut millis: Vec<f64>) -> Figures {
    millis.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let index = ((millis.len().saturating_sub(1)) as f64 * q).round() as usize;
        millis.get(index).copied().unwrap_or(f64::NAN)
    };
    Figures {
        p50: at(0.5),
        p99: at(0.99),
        max: at(1.0),
    }
}

fn queries() -> Vec<(String, Role, View, Filters)> {
    let mut list = Vec::new();
    for view in View::for_role(Role::Admin) {
        list.push((
            format!("admin {view:?}"),
            Role::Admin,
            *view,
            Filters::default(),
        ));
    }
    for view in [View::Mine, View::Queued, View::Unread] {
        list.push((
            format!("agent {view:?}"),
            Role::Agent,
            view,
            Filters::default(),
        ));
    }
    let filtered =
        |name: &str, filters: Filters| (name.to_owned(), Role::Admin, View::All, filters);
    list.push(filtered(
        "soon or overdue",
        Filters {
            soon: true,
            overdue: true,
            ..Filters::default()
        },
    ));
    list.push(filtered(
        "replied today",
        Filters {
            last_reply: LastReply::Today,
            ..Filters::default()
        },
    ));
    list.push(filtered(
        "email contains",
        Filters {
            email: "customer12".into(),
            ..Filters::default()
        },
    ));
    list.push(filtered(
        "phone digits",
        Filters {
            phone: "555 01".into(),
            ..Filters::default()
        },
    ));
    // Common words (in a ninth of all messages), a contact, and rare words (a thousandth of
    // the conversations), in English and Chinese, two and more characters.
    for needle in [
        "refund",
        "Customer 4244",
        "小明",
        "退款",
        "申請退款",
        "delivery came",
        "Norway",
        "挪威",
        "寄到挪威",
    ] {
        list.push((
            format!("search {needle:?}"),
            Role::Admin,
            View::All,
            Filters {
                search: needle.into(),
                ..Filters::default()
            },
        ));
    }
    list
}

async fn measure(url: &str, size: usize) -> Result<(), String> {
    let db = Db::connect(url).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    let seeded = seed::seed(&db, size).await?;
    println!(
        "  seeded {size} conversations in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // A live database has statistics (PostgreSQL's autovacuum gathers them; SQLite plans
    // without any unless asked): the measurements run on PostgreSQL as it would be by then.
    if db.backend() == Backend::Postgres {
        sqlx::raw_sql("VACUUM ANALYZE")
            .execute(db.pool())
            .await
            .map_err(|e| e.to_string())?;
    }
    if std::env::var_os("BENCH_SEED_ONLY").is_some() {
        db.close().await;
        return Ok(());
    }
    let context = Context {
        now: Timestamp(1_790_000_000_000),
        midnight: Timestamp(1_790_000_000_000 - 3_600_000),
        thresholds: WaitThresholds::default(),
        online: &[],
        text: TextPlan::default(),
    };
    let admin = UserId::parse(&seeded.admin).ok_or("admin id")?;
    let agent = UserId::parse(&seeded.agent).ok_or("agent id")?;
    println!(
        "  {:<28} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "query", "page p50", "page p99", "count p50", "count p99", "max"
    );
    for (name, role, view, filters) in queries() {
        let asker = Asker {
            id: if role == Role::Admin { admin } else { agent },
            role,
        };
        // Each figure includes deciding how the text filters are answered (the probes).
        let planned = || async {
            let text = conversation_search::plan(&db, &seeded.project, &filters).await?;
            Ok::<_, sqlx::Error>(Context {
                text,
                ..context.clone()
            })
        };
        let page = time(|| async {
            let context = planned().await?;
            conversation_list::page(
                &db,
                &seeded.project,
                asker,
                view,
                &filters,
                &context,
                None,
                PAGE_SIZE + 1,
            )
            .await
            .map(|_| ())
        })
        .await?;
        let count = time(|| async {
            let context = planned().await?;
            conversation_list::count(&db, &seeded.project, asker, view, &filters, &context)
                .await
                .map(|_| ())
        })
        .await?;
        println!(
            "  {name:<28} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            page.p50,
            page.p99,
            count.p50,
            count.p99,
            page.max.max(count.max)
        );
    }
    let project = ProjectId::parse(&seeded.project).ok_or("project id")?;
    let long = ConversationId::parse(&seeded.long_conversation).ok_or("conversation id")?;
    let history = time(|| async {
        events::page_of_conversation(&db, project, long, None, 50)
            .await
            .map(|_| ())
    })
    .await?;
    println!(
        "  {:<28} {:>9.2} {:>9.2} {:>9} {:>9} {:>9.2}",
        "history: 50 of 2,000", history.p50, history.p99, "", "", history.max
    );
    console_lists(&db, project).await?;
    let outside = if workbench::wanted() {
        Some(workbench::prepare(&db, &seeded).await?)
    } else {
        None
    };
    db.close().await;
    if let Some((email, key)) = outside {
        workbench::measure(url, &email, &key).await?;
    }
    Ok(())
}

/// The console's Sessions and Contacts: the first page, a page deep in the list, a filter
/// and a search.
async fn console_lists(db: &Db, project: ProjectId) -> Result<(), String> {
    use app::backend::db::{contacts, history};
    use app::models::history::{SessionFilter, StateFilter};
    use app::models::keyset::KeysetCursor;
    let page = 51;
    let mut conn = db.pool().acquire().await.map_err(|e| e.to_string())?;
    let all = SessionFilter::default();
    // A cursor a few pages down, from the list itself.
    let deep = history::sessions(&mut conn, db.backend(), project, &all, None, 500)
        .await
        .map_err(|e| e.to_string())?
        .last()
        .map(|row| KeysetCursor {
            at: row.last_activity_at.0,
            id: row.id.0,
        });
    drop(conn);
    let closed = SessionFilter {
        state: StateFilter::Closed,
        ..SessionFilter::default()
    };
    let session_cases = [
        ("sessions: first page", all, None),
        ("sessions: 10th page", all, deep.clone()),
        ("sessions: closed", closed, None),
    ];
    for (name, filter, after) in session_cases {
        let figures = time(|| async {
            let mut conn = db.pool().acquire().await?;
            history::sessions(
                &mut conn,
                db.backend(),
                project,
                &filter,
                after.as_ref(),
                page,
            )
            .await
            .map(|_| ())
        })
        .await?;
        print_single(name, &figures);
    }
    for (name, search, filter) in [
        ("contacts: first page", "", contacts::ContactFilter::All),
        ("contacts: known", "", contacts::ContactFilter::Known),
        (
            "contacts: search",
            "customer12",
            contacts::ContactFilter::All,
        ),
    ] {
        let figures = time(|| async {
            let mut conn = db.pool().acquire().await?;
            contacts::list(&mut conn, db.backend(), project, search, filter, None, 101)
                .await
                .map(|_| ())
        })
        .await?;
        print_single(name, &figures);
    }
    Ok(())
}

fn print_single(name: &str, figures: &Figures) {
    println!(
        "  {name:<28} {:>9.2} {:>9.2} {:>9} {:>9} {:>9.2}",
        figures.p50, figures.p99, "", "", figures.max
    );
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_LIST_SIZES")
        .unwrap_or_else(|_| "1000,10000,100000".to_owned())
        .split(',')
        .filter_map(|size| size.trim().parse().ok())
        .collect();
    let postgres = std::env::var("PARLEY_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    println!(
        "Conversation lists: times in milliseconds over {RUNS} runs (page = {PAGE_SIZE} rows)"
    );
    let stores = std::env::var("BENCH_STORES").unwrap_or_else(|_| "sqlite,postgres".to_owned());
    for size in sizes {
        if stores.contains("sqlite") {
            sqlite_run(size).await;
        }
        if stores.contains("postgres") {
            postgres_run(&postgres, size).await;
        }
    }
}

async fn sqlite_run(size: usize) {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => return eprintln!("no temporary directory: {error}"),
    };
    let sqlite = format!("sqlite://{}/bench.db?mode=rwc", dir.path().display());
    println!("SQLite, {size} conversations");
    if let Err(error) = measure(&sqlite, size).await {
        eprintln!("  SQLite bench failed: {error}");
    }
    if std::env::var_os("BENCH_KEEP_DATABASE").is_some() {
        println!("  kept {} (BENCH_KEEP_DATABASE)", dir.keep().display());
    }
}

async fn postgres_run(postgres: &str, size: usize) {
    println!("PostgreSQL, {size} conversations");
    match fresh_postgres(postgres).await {
        Ok((url, name)) => {
            if let Err(error) = measure(&url, size).await {
                eprintln!("  PostgreSQL bench failed: {error}");
            }
            drop_postgres(postgres, &name).await;
        }
        Err(error) => eprintln!("  PostgreSQL is not reachable ({error}): skipped"),
    }
}

async fn fresh_postgres(admin_url: &str) -> Result<(String, String), String> {
    use sqlx::Connection;
    let name = format!("parley_bench_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .map_err(|e| e.to_string())?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .map_err(|e| e.to_string())?;
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url, |(base, _)| base);
    Ok((format!("{base}/{name}"), name))
}

async fn drop_postgres(admin_url: &str, name: &str) {
    use sqlx::Connection;
    if std::env::var_os("BENCH_KEEP_DATABASE").is_some() {
        return println!("  kept database {name} (BENCH_KEEP_DATABASE)");
    }
    if let Ok(mut conn) = sqlx::PgConnection::connect(admin_url).await {
        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await;
    }
}

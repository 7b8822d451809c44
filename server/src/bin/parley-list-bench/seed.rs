//! Fills a fresh database with one project of a realistic shape: 20 agents in two teams,
//! `conversations` conversations (most closed, some queued, on hold or pinned), about ten
//! messages each in English, 简体中文 and 繁體中文, half the visitors named (a third of those
//! in Chinese), and one conversation of 2,000 messages. Written in large multi-row inserts,
//! list facts included.
use app::backend::db::Db;
use app::models::search_pairs::{cjk_pairs, name_pairs};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// What the measurements need to know about the seeded data.
pub struct Seeded {
    pub project: String,
    pub admin: String,
    pub agent: String,
    pub long_conversation: String,
}

const TEXTS: [&str; 9] = [
    "Hello, where is my order? It was supposed to arrive on Monday.",
    "Can I get a refund for the blue jacket, it does not fit.",
    "Thanks, the delivery came today and everything is fine!",
    "你好，我的订单什么时候发货？",
    "我想申请退款，衣服尺码不合适。",
    "谢谢，快递今天到了，一切都好。",
    "您好，請問我的訂單什麼時候出貨？",
    "我想申請退款，尺寸不合適。",
    "謝謝，包裹今天到了。",
];

/// Words few conversations contain (one in [`RARE_EVERY`], as the first message), so the
/// searches for them measure the rare case.
const RARE: [&str; 3] = [
    "Can you ship to Norway before Christmas?",
    "请问可以寄到挪威吗？",
    "請問可以寄到挪威嗎？",
];
const RARE_EVERY: usize = 997;

/// Contact names in Chinese (the bench searches for "小明").
const CHINESE_NAMES: [&str; 12] = [
    "王小明",
    "李美玲",
    "張偉",
    "陳大文",
    "刘芳",
    "黃志強",
    "林淑芬",
    "周杰",
    "吴晓红",
    "鄭家豪",
    "孫麗華",
    "趙敏",
];

/// Values of one row for a multi-row insert.
enum Value {
    Text(String),
    Int(i64),
    /// A missing number.
    Null,
    /// A missing text (PostgreSQL wants the type of a NULL too).
    NoText,
}

/// Inserts `rows` into `table` in statements of a few hundred rows.
async fn insert(
    db: &Db,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
) -> Result<(), String> {
    let per_statement = (30_000 / columns.len()).min(500);
    let mut tx = db.pool().begin().await.map_err(|e| e.to_string())?;
    for chunk in rows.chunks(per_statement) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (index, _) in chunk.iter().enumerate() {
            if index > 0 {
                sql.push_str(", ");
            }
            let placeholders: Vec<String> = (0..columns.len())
                .map(|_| {
                    n += 1;
                    format!("${n}")
                })
                .collect();
            sql.push_str(&format!("({})", placeholders.join(", ")));
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for value in row {
                query = match value {
                    Value::Text(text) => query.bind(text.clone()),
                    Value::Int(number) => query.bind(*number),
                    Value::Null => query.bind(None::<i64>),
                    Value::NoText => query.bind(None::<String>),
                };
            }
        }
        query
            .execute(&mut *tx)
            .await
            .map_err(|e| format!("{table}: {e}"))?;
    }
    tx.commit().await.map_err(|e| e.to_string())
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(value.into())
}

/// Seeds the database; returns the ids the measurements use.
pub async fn seed(db: &Db, conversations: usize) -> Result<Seeded, String> {
    let mut rng = StdRng::seed_from_u64(7);
    let now = 1_790_000_000_000_i64;
    let project = uuid::Uuid::new_v4().to_string();
    let sales = uuid::Uuid::new_v4().to_string();
    insert(
        db,
        "projects",
        &[
            "id",
            "name",
            "public_key",
            "created_at",
            "default_team_id",
            "last_seq",
        ],
        vec![vec![
            text(&project),
            text("Bench"),
            text(uuid::Uuid::new_v4().simple().to_string()),
            Value::Int(now),
            text(&project),
            Value::Int(0),
        ]],
    )
    .await?;
    insert(
        db,
        "teams",
        &["id", "project_id", "name", "routing_mode", "created_at"],
        vec![
            vec![
                text(&project),
                text(&project),
                text("Support"),
                text("auto"),
                Value::Int(now),
            ],
            vec![
                text(&sales),
                text(&project),
                text("Sales"),
                text("auto"),
                Value::Int(now),
            ],
        ],
    )
    .await?;
    let users: Vec<String> = (0..21).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let user_rows = users
        .iter()
        .enumerate()
        .map(|(n, id)| {
            vec![
                text(id),
                text(&project),
                text(format!("bench{n}@example.com")),
                text("!"),
                text(format!("Agent {n}")),
                text(if n == 0 { "admin" } else { "agent" }),
                Value::Int(now),
                Value::Int(now),
            ]
        })
        .collect();
    insert(
        db,
        "users",
        &[
            "id",
            "project_id",
            "email",
            "password_hash",
            "display_name",
            "role",
            "created_at",
            "password_changed_at",
        ],
        user_rows,
    )
    .await?;
    let members = users
        .iter()
        .enumerate()
        .map(|(n, id)| vec![text(if n <= 10 { &project } else { &sales }), text(id)])
        .collect();
    insert(db, "team_members", &["team_id", "user_id"], members).await?;

    let mut visitors = Vec::new();
    let mut rows = Vec::new();
    let mut events = Vec::new();
    let mut seq = 0_i64;
    let mut long_conversation = String::new();
    for n in 0..conversations {
        let visitor = uuid::Uuid::new_v4().to_string();
        let conversation = uuid::Uuid::new_v4().to_string();
        let named = n % 2 == 0;
        // A third of the names in Chinese, as they come: common ones, many times over.
        let name = named.then(|| {
            if n % 6 == 0 {
                CHINESE_NAMES[(n / 6) % CHINESE_NAMES.len()].to_owned()
            } else {
                format!("Customer {n}")
            }
        });
        visitors.push(vec![
            text(&visitor),
            text(&project),
            text(uuid::Uuid::new_v4().to_string()),
            Value::Int(now),
            Value::Int(now),
            name.clone().map_or(Value::NoText, text),
            text(name_pairs(name.as_deref())),
            if named {
                text(format!("customer{n}@example.com"))
            } else {
                Value::NoText
            },
            if n % 3 == 0 {
                text(format!("+1 555 {:04}", n % 10_000))
            } else {
                Value::NoText
            },
        ]);
        let messages = if n == 0 {
            2_000
        } else {
            rng.random_range(4..=16)
        };
        if n == 0 {
            long_conversation.clone_from(&conversation);
        }
        let start = now - i64::try_from(conversations - n).unwrap_or(0) * 60_000;
        let (mut last_at, mut last_author, mut last_body) = (start, "visitor", String::new());
        let (mut unread, mut oldest, mut replied, mut agent_seq) = (0_i64, None, None, 0_i64);
        let agent = &users[rng.random_range(0..users.len())];
        let language = rng.random_range(0..3);
        for m in 0..messages {
            seq += 1;
            let visitor_speaks = m % 2 == 0 || rng.random_bool(0.2);
            let body = if m == 0 && n % RARE_EVERY == 5 {
                RARE[language].to_owned()
            } else {
                TEXTS[language * 3 + rng.random_range(0..3)].to_owned()
            };
            let at = start + i64::from(m) * 1_000;
            let author = if visitor_speaks { "visitor" } else { "agent" };
            events.push(vec![
                text(&project),
                Value::Int(seq),
                text(&conversation),
                text(&visitor),
                text("message"),
                text(author),
                text(if visitor_speaks { &visitor } else { agent }),
                if visitor_speaks {
                    Value::NoText
                } else {
                    text("Agent")
                },
                text(uuid::Uuid::new_v4().to_string()),
                text(&body),
                Value::Int(at),
                text("all"),
                text(cjk_pairs(&body)),
            ]);
            if visitor_speaks {
                unread += 1;
                oldest.get_or_insert(at);
            } else {
                (unread, oldest, replied, agent_seq) = (0, None, Some(at), seq);
            }
            (last_at, last_author, last_body) = (at, author, body);
        }
        // 60 % closed, 10 % queued, the rest served (some on hold, a few pinned).
        let roll = rng.random_range(0..100);
        let (status, assignee, queued) = match roll {
            0..60 => ("closed", Some(agent), None),
            60..70 => ("open", None, Some(last_at)),
            _ => ("open", Some(agent), None),
        };
        let team = if users.iter().position(|u| u == agent).unwrap_or(0) <= 10 {
            &project
        } else {
            &sales
        };
        let opt = |value: Option<i64>| value.map_or(Value::Null, Value::Int);
        rows.push(vec![
            text(&conversation),
            text(&project),
            text(&visitor),
            text(status),
            Value::Int(start),
            Value::Int(last_at),
            text(team),
            assignee.map_or(Value::NoText, text),
            opt(queued),
            opt(queued.map(|_| seq)),
            Value::Int(i64::from(status == "open" && roll >= 95)),
            Value::Int(i64::from(roll == 99)),
            Value::Int(last_at),
            text(last_author),
            text(last_body),
            Value::Int(unread),
            opt(oldest),
            opt(replied),
            Value::Int(agent_seq),
        ]);
    }
    insert(
        db,
        "visitors",
        &[
            "id",
            "project_id",
            "token_hash",
            "created_at",
            "last_seen_at",
            "name",
            "name_pairs",
            "email",
            "phone",
        ],
        visitors,
    )
    .await?;
    insert(
        db,
        "conversations",
        &[
            "id",
            "project_id",
            "visitor_id",
            "status",
            "created_at",
            "last_activity_at",
            "team_id",
            "assignee_id",
            "queued_at",
            "queue_seq",
            "on_hold",
            "pinned",
            "last_message_at",
            "last_message_author",
            "last_message_body",
            "unread_count",
            "oldest_unanswered_at",
            "last_agent_reply_at",
            "last_agent_message_seq",
        ],
        rows,
    )
    .await?;
    let event_columns = [
        "project_id",
        "seq",
        "conversation_id",
        "visitor_id",
        "kind",
        "author_kind",
        "author_id",
        "author_name",
        "client_id",
        "body",
        "created_at",
        "audience",
        "search_pairs",
    ];
    while !events.is_empty() {
        let rest = events.split_off(events.len().min(200_000));
        insert(db, "events", &event_columns, events).await?;
        events = rest;
    }
    sqlx::query("UPDATE projects SET last_seq = $1 WHERE id = $2")
        .bind(seq)
        .bind(&project)
        .execute(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    // Fresh statistics, as a live database would have.
    sqlx::query("ANALYZE")
        .execute(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    Ok(Seeded {
        project,
        admin: users[0].clone(),
        agent: users[1].clone(),
        long_conversation,
    })
}

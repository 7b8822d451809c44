//! The two ways a text filter is answered (from the trigram indexes when few rows match,
//! by walking the list when many do or the text is short) find exactly the same rows, and
//! the probe picks the walk for a word thousands of messages contain, on SQLite and
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::demo_project;
use crate::helpers::*;
use crate::list_support::*;
use app::backend::db::conversation_list::{self, Asker, Context};
use app::backend::db::conversation_search::{self, INDEXED_UP_TO, TextPlan, Way};
use app::backend::db::{Db, search_pairs};
use app::models::conversation_list::{Filters, SEARCH_COUNT_CAP, View};
use app::models::{Role, Timestamp, UserId};
use app::routing::conversation_state::WaitThresholds;

/// A list query's context with the text filters answered as `text`.
fn context_for(text: TextPlan) -> Context<'static> {
    Context {
        now: Timestamp::now(),
        midnight: Timestamp(0),
        thresholds: WaitThresholds::default(),
        online: &[],
        text,
    }
}

fn as_admin(id: UserId) -> Asker {
    Asker {
        id,
        role: Role::Admin,
    }
}

fn indexed(way: &Way) -> bool {
    matches!(way, Way::Indexed | Way::Among(_))
}

/// The ids `filters` lists in the All view with the text filters answered as `text`.
async fn listed(
    db: &Db,
    project: &str,
    admin: UserId,
    filters: &Filters,
    text: TextPlan,
) -> Vec<String> {
    let context = context_for(text);
    let rows = conversation_list::page(
        db,
        project,
        as_admin(admin),
        View::All,
        filters,
        &context,
        None,
        50,
    )
    .await
    .unwrap();
    let mut ids: Vec<String> = rows.iter().map(|(row, _)| row.id.to_string()).collect();
    ids.sort();
    ids
}

async fn both_ways_agree(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    let SearchFixture {
        sockets: _sockets,
        shipping,
        refund,
        named,
    } = search_fixture(&app).await;
    // A word in more messages than the index is asked for: the shipping conversation's.
    let common = INDEXED_UP_TO + 1;
    execute(
        &app,
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {common}) \
             INSERT INTO events (project_id, seq, conversation_id, visitor_id, kind, author_kind, \
             author_id, body, created_at, audience) \
             SELECT c.project_id, 1000000 + n.i, c.id, c.visitor_id, 'message', 'visitor', \
             c.visitor_id, 'a frequently asked question', 1, 'all' \
             FROM n, conversations c WHERE c.id = $1"
        ),
        &[&shipping],
    )
    .await;
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = demo_project(&app).await.to_string();
    let admin: String = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(ADMIN_EMAIL)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let admin = UserId::parse(&admin).unwrap();
    let search = |text: &str| Filters {
        search: text.to_owned(),
        ..Filters::default()
    };
    // The probe: few matches use the index, many or short ones the walk.
    let plan = |filters: Filters| {
        let (db, project) = (&db, &project);
        async move {
            conversation_search::plan(db, project, &filters)
                .await
                .unwrap()
        }
    };
    assert!(indexed(&plan(search("Norway")).await.search));
    assert_eq!(plan(search("frequently")).await.search, Way::Walk);
    assert!(indexed(&plan(search("退款")).await.search));
    assert!(indexed(&plan(search("小明")).await.search));
    assert_eq!(plan(search("hi")).await.search, Way::Walk);
    let email = Filters {
        email: "EXAMPLE.com".to_owned(),
        ..Filters::default()
    };
    assert!(indexed(&plan(email.clone()).await.email));
    let phone = Filters {
        phone: "10 5555".to_owned(),
        ..Filters::default()
    };
    assert!(indexed(&plan(phone.clone()).await.phone));
    // The rows `filters` lists when planned as the server plans it.
    let planned = |filters: Filters| {
        let (db, project) = (&db, &project);
        async move {
            let text = conversation_search::plan(db, project, &filters)
                .await
                .unwrap();
            listed(db, project, admin, &filters, text).await
        }
    };
    // Both ways, the same rows, and the right ones.
    let sorted = |ids: &[&String]| -> Vec<String> { ids.iter().map(|id| (*id).clone()).collect() };
    let cases = [
        (search("NORWAY"), sorted(&[&shipping])),
        (search("frequently asked"), sorted(&[&shipping])),
        (search("申请退款"), sorted(&[&refund])),
        (search("退款"), sorted(&[&refund])),
        (search("小明"), sorted(&[&named])),
        (search("挪威"), Vec::new()),
        (search("王小明"), sorted(&[&named])),
        (search("xiaoming@"), sorted(&[&named])),
        (search("5555-0100"), sorted(&[&named])),
        (search("12345"), sorted(&[&refund])),
        (search("Sweden"), Vec::new()),
        (email, sorted(&[&named])),
        (phone, sorted(&[&named])),
    ];
    for (filters, expected) in cases {
        let walked = listed(&db, &project, admin, &filters, TextPlan::default()).await;
        let found = planned(filters.clone()).await;
        assert_eq!(walked, expected, "walked {filters:?}");
        assert_eq!(found, expected, "planned {filters:?}");
    }
    // A message stored before messages carried their CJK pairs is found once the backfill
    // has filled them in (the walk finds it all along).
    execute(
        &app,
        "INSERT INTO events (project_id, seq, conversation_id, visitor_id, kind, author_kind, \
         author_id, body, created_at, audience) \
         SELECT c.project_id, 2000000, c.id, c.visitor_id, 'message', 'visitor', c.visitor_id, \
         '可以寄到挪威吗', 1, 'all' FROM conversations c WHERE c.id = $1",
        &[&refund],
    )
    .await;
    let norway = search("挪威");
    assert_eq!(
        listed(&db, &project, admin, &norway, TextPlan::default()).await,
        vec![refund.clone()]
    );
    assert!(planned(norway.clone()).await.is_empty());
    // So is a contact named before names carried theirs.
    execute(
        &app,
        "UPDATE visitors SET name_pairs = NULL \
         WHERE id = (SELECT visitor_id FROM conversations WHERE id = $1)",
        &[&named],
    )
    .await;
    let xiaoming = search("小明");
    assert!(planned(xiaoming.clone()).await.is_empty());
    while search_pairs::fill_missing(&db, 500).await.unwrap() > 0 {}
    assert_eq!(planned(norway.clone()).await, vec![refund.clone()]);
    assert_eq!(planned(xiaoming.clone()).await, vec![named.clone()]);
    // A renamed contact is found by the new name only.
    execute(
        &app,
        "UPDATE visitors SET name = $1 WHERE id = (SELECT visitor_id FROM conversations WHERE id = $2)",
        &["李四光", &named],
    )
    .await;
    assert!(planned(search("王小明")).await.is_empty());
    assert_eq!(planned(search("李四光")).await, vec![named.clone()]);
    // Counts under a text filter stop one past the cap: the contact gets 100 more conversations.
    execute(
        &app,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) \
         INSERT INTO conversations (id, project_id, visitor_id, created_at, last_activity_at, \
         last_message_at) \
         SELECT '00000000-0000-4000-8000-' || CAST(100000000000 + n.i AS TEXT), c.project_id, \
         c.visitor_id, 1, 1, 1 FROM n, conversations c WHERE c.id = $1",
        &[&named],
    )
    .await;
    for planned in [false, true] {
        let asker = as_admin(admin);
        let count = |filters: Filters| {
            let (db, project) = (&db, &project);
            async move {
                let text = if planned {
                    conversation_search::plan(db, project, &filters)
                        .await
                        .unwrap()
                } else {
                    TextPlan::default()
                };
                let context = context_for(text);
                conversation_list::count(db, project, asker, View::All, &filters, &context)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            count(search("李四光")).await,
            SEARCH_COUNT_CAP + 1,
            "planned: {planned}"
        );
        assert_eq!(count(search("Norway")).await, 1, "planned: {planned}");
        assert_eq!(count(Filters::default()).await, 103, "planned: {planned}");
    }
    db.close().await;
    app.stop().await;
}

#[tokio::test]
async fn both_ways_agree_on_sqlite() {
    both_ways_agree(Store::Sqlite).await;
}

#[tokio::test]
async fn both_ways_agree_on_postgres() {
    both_ways_agree(Store::Postgres).await;
}

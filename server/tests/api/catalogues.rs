//! The console's catalogues over HTTP: quick replies, visitor and session tags and FAQ
//! entries; validation next to the field, duplicates, who may read and write, and the project
//! boundary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::assignment_support::agents;
use crate::helpers::*;
use app::backend::accounts;
use app::backend::db::Db;
use app::models::{Email, Password};
use serde_json::{Value, json};

/// A server function's form fields.
type Form<'a> = Vec<(&'a str, &'a str)>;

/// A refused call: endpoint, form, the field blamed and its problem.
type Case<'a> = (&'a str, Form<'a>, &'a str, Value);

fn form_body(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Posts a server function's form with `client` (and its cookies); the status and JSON body.
async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let response = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(form))
        .send()
        .await
        .unwrap();
    answer(response).await
}

/// Posts a server function's form with a session cookie (`name=value`).
async fn call_as(
    app: &TestApp,
    cookie: &str,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let response = TestApp::new_client()
        .post(app.url(&format!("/api/{endpoint}")))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(form))
        .send()
        .await
        .unwrap();
    answer(response).await
}

/// A client signed in with this email and password.
async fn signed_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = TestApp::new_client();
    let response = app.login_with(&client, email, password).await;
    assert!(session_cookie(&response).is_some(), "{email} signs in");
    client
}

/// The catalogues as the console reads them.
async fn catalogues(app: &TestApp, client: &reqwest::Client) -> Value {
    let (status, body) = call(app, client, "catalogues", &[]).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Calls `endpoint` expecting success; the answer.
async fn ok(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> Value {
    let (status, body) = call(app, client, endpoint, form).await;
    assert_eq!(status, 200, "{endpoint} {form:?}: {body}");
    body
}

fn id_of(entry: &Value) -> String {
    entry["id"].as_str().expect("an id").to_owned()
}

async fn add_reply(app: &TestApp, client: &reqwest::Client, title: &str, shortcut: &str) -> Value {
    let form = [
        ("title", title),
        ("body", "Some text."),
        ("shortcut", shortcut),
    ];
    ok(app, client, "quick_reply_create", &form).await
}

async fn add_tag(app: &TestApp, client: &reqwest::Client, kind: &str, name: &str) -> Value {
    ok(app, client, "tag_create", &[("kind", kind), ("name", name)]).await
}

async fn add_faq(app: &TestApp, client: &reqwest::Client, question: &str) -> Value {
    let form = [("question", question), ("answer", "Yes."), ("keywords", "")];
    ok(app, client, "faq_create", &form).await
}

async fn round_trip(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(
        catalogues(&app, &admin).await,
        json!({"quick_replies": [], "visitor_tags": [], "session_tags": [], "faq": []})
    );

    // Quick replies: the shortcut is kept without its slash, in lower case; it is optional.
    let thanks = ok(
        &app,
        &admin,
        "quick_reply_create",
        &[
            ("title", "  Thanks "),
            ("body", "Thank you for waiting!\nBack in a minute."),
            ("shortcut", " /Thanks "),
        ],
    )
    .await;
    let thanks_id = id_of(&thanks);
    assert_eq!(
        thanks,
        json!({"id": thanks_id, "title": "Thanks", "body": "Thank you for waiting!\nBack in a minute.", "shortcut": "thanks"})
    );
    let hours = add_reply(&app, &admin, "Opening hours", "").await;
    assert_eq!(hours["shortcut"], Value::Null);
    let updated = ok(
        &app,
        &admin,
        "quick_reply_update",
        &[
            ("id", &thanks_id),
            ("title", "Thanks a lot"),
            ("body", "<b>Thanks</b> & bye"),
            ("shortcut", "ty"),
        ],
    )
    .await;
    assert_eq!(updated["shortcut"], "ty");

    // Tags of both kinds; a rename keeps the kind.
    let vip = add_tag(&app, &admin, "visitor", " VIP ").await;
    assert_eq!(vip["kind"], "visitor");
    assert_eq!(vip["name"], "VIP");
    let refund = add_tag(&app, &admin, "session", "Refund").await;
    let vip_id = id_of(&vip);
    let renamed = ok(
        &app,
        &admin,
        "tag_update",
        &[("id", &vip_id), ("name", "Gold")],
    )
    .await;
    assert_eq!(
        renamed,
        json!({"id": vip_id, "kind": "visitor", "name": "Gold"})
    );

    // FAQ entries: keywords trimmed, lower-cased, without repeats.
    let faq = ok(
        &app,
        &admin,
        "faq_create",
        &[
            ("question", "When do you ship?"),
            ("answer", "Every weekday."),
            ("keywords", "Shipping, delivery , SHIPPING,"),
        ],
    )
    .await;
    assert_eq!(faq["keywords"], json!(["shipping", "delivery"]));
    let faq_id = id_of(&faq);
    ok(
        &app,
        &admin,
        "faq_update",
        &[
            ("id", &faq_id),
            ("question", "When do you ship orders?"),
            ("answer", "Every weekday before 3 pm."),
            ("keywords", "dispatch"),
        ],
    )
    .await;

    let listed = catalogues(&app, &admin).await;
    assert_eq!(listed["quick_replies"], json!([updated, hours]));
    assert_eq!(listed["visitor_tags"], json!([renamed]));
    assert_eq!(listed["session_tags"], json!([refund]));
    assert_eq!(
        listed["faq"],
        json!([{"id": faq_id, "question": "When do you ship orders?", "answer": "Every weekday before 3 pm.", "keywords": ["dispatch"]}])
    );

    // Deleting one of each kind; a second time there is nothing to delete.
    for (endpoint, id) in [
        ("quick_reply_delete", &thanks_id),
        ("tag_delete", &id_of(&refund)),
        ("faq_delete", &faq_id),
    ] {
        ok(&app, &admin, endpoint, &[("id", id)]).await;
        let (status, body) = call(&app, &admin, endpoint, &[("id", id)]).await;
        assert_eq!(status, 404, "{endpoint}: {body}");
        assert_eq!(body["code"], "not_found");
    }
    let listed = catalogues(&app, &admin).await;
    assert_eq!(listed["quick_replies"], json!([hours]));
    assert_eq!(listed["visitor_tags"], json!([renamed]));
    assert_eq!(listed["session_tags"], json!([]));
    assert_eq!(listed["faq"], json!([]));
    app.stop().await;
}

#[tokio::test]
async fn catalogue_entries_are_created_listed_updated_and_deleted() {
    round_trip(Store::Sqlite).await;
}

#[tokio::test]
async fn catalogue_entries_are_created_listed_updated_and_deleted_on_postgres() {
    round_trip(Store::Postgres).await;
}

#[tokio::test]
async fn catalogue_input_is_refused_next_to_its_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let long = |n: usize| "x".repeat(n);
    let (title_81, body_2001, shortcut_33) = (long(81), long(2001), long(33));
    let (name_41, question_301, answer_4001) = (long(41), long(301), long(4001));
    let keywords_21 = (0..21)
        .map(|n| format!("k{n}"))
        .collect::<Vec<_>>()
        .join(",");
    let reply = |title: &'static str, body: &'static str, shortcut: &'static str| {
        vec![("title", title), ("body", body), ("shortcut", shortcut)]
    };
    let faq = |question: &'static str, answer: &'static str, keywords: &'static str| {
        vec![
            ("question", question),
            ("answer", answer),
            ("keywords", keywords),
        ]
    };
    let cases: Vec<Case> = vec![
        (
            "quick_reply_create",
            reply(" ", "Hi", ""),
            "title",
            json!("required"),
        ),
        (
            "quick_reply_create",
            vec![("title", &title_81), ("body", "Hi"), ("shortcut", "")],
            "title",
            json!({"problem": "too_long", "max": 80}),
        ),
        (
            "quick_reply_create",
            reply("Hi", "", ""),
            "body",
            json!("required"),
        ),
        (
            "quick_reply_create",
            vec![("title", "Hi"), ("body", &body_2001), ("shortcut", "")],
            "body",
            json!({"problem": "too_long", "max": 2000}),
        ),
        (
            "quick_reply_create",
            reply("Hi", "Hi", "thank you"),
            "shortcut",
            json!("incorrect"),
        ),
        (
            "quick_reply_create",
            reply("Hi", "Hi", "/a/b"),
            "shortcut",
            json!("incorrect"),
        ),
        (
            "quick_reply_create",
            vec![("title", "Hi"), ("body", "Hi"), ("shortcut", &shortcut_33)],
            "shortcut",
            json!({"problem": "too_long", "max": 32}),
        ),
        (
            "tag_create",
            vec![("kind", "visitor"), ("name", "  ")],
            "name",
            json!("required"),
        ),
        (
            "tag_create",
            vec![("kind", "session"), ("name", &name_41)],
            "name",
            json!({"problem": "too_long", "max": 40}),
        ),
        (
            "faq_create",
            faq("", "Yes.", ""),
            "question",
            json!("required"),
        ),
        (
            "faq_create",
            vec![
                ("question", &question_301),
                ("answer", "Yes."),
                ("keywords", ""),
            ],
            "question",
            json!({"problem": "too_long", "max": 300}),
        ),
        (
            "faq_create",
            faq("Why?", " ", ""),
            "answer",
            json!("required"),
        ),
        (
            "faq_create",
            vec![
                ("question", "Why?"),
                ("answer", &answer_4001),
                ("keywords", ""),
            ],
            "answer",
            json!({"problem": "too_long", "max": 4000}),
        ),
        (
            "faq_create",
            vec![
                ("question", "Why?"),
                ("answer", "Yes."),
                ("keywords", &keywords_21),
            ],
            "keywords",
            json!({"problem": "too_long", "max": 20}),
        ),
    ];
    for (endpoint, form, field, problem) in &cases {
        let (status, body) = call(&app, &admin, endpoint, form).await;
        assert_eq!(status, 422, "{endpoint} {field}: {body}");
        assert_eq!(body["code"], "invalid", "{endpoint} {field}");
        assert_eq!(body["field"], *field, "{endpoint}: {body}");
        match problem {
            Value::String(name) => assert_eq!(body["problem"], *name, "{field}: {body}"),
            expected => {
                assert_eq!(body["problem"], expected["problem"], "{field}: {body}");
                assert_eq!(body["max"], expected["max"], "{field}: {body}");
            }
        }
    }
    // Updates are checked the same way.
    let entry = add_faq(&app, &admin, "Why?").await;
    let entry_id = id_of(&entry);
    let (status, body) = call(
        &app,
        &admin,
        "faq_update",
        &[
            ("id", &entry_id),
            ("question", "Why?"),
            ("answer", ""),
            ("keywords", ""),
        ],
    )
    .await;
    assert_eq!((status, body["field"].clone()), (422, json!("answer")));
    let listed = catalogues(&app, &admin).await;
    assert_eq!(
        listed,
        json!({"quick_replies": [], "visitor_tags": [], "session_tags": [], "faq": [entry]})
    );
    app.stop().await;
}

#[tokio::test]
async fn catalogue_shortcuts_and_tag_names_are_unique_per_project() {
    let app = spawn_app().await;
    let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let thanks = add_reply(&app, &admin, "Thanks", "thanks").await;
    let other = add_reply(&app, &admin, "Thank you", "").await;
    // Replies without a shortcut never clash.
    add_reply(&app, &admin, "Hello", "").await;
    let taken = |(status, body): (u16, Value), field: &str| {
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["field"], field, "{body}");
        assert_eq!(body["problem"], "already_taken", "{body}");
    };
    let form = [
        ("title", "Again"),
        ("body", "Text"),
        ("shortcut", "/THANKS"),
    ];
    taken(
        call(&app, &admin, "quick_reply_create", &form).await,
        "shortcut",
    );
    let other_id = id_of(&other);
    let form = [
        ("id", other_id.as_str()),
        ("title", "Thank you"),
        ("body", "Text"),
        ("shortcut", "thanks"),
    ];
    taken(
        call(&app, &admin, "quick_reply_update", &form).await,
        "shortcut",
    );
    // A reply keeps its own shortcut when it changes.
    let thanks_id = id_of(&thanks);
    let form = [
        ("id", thanks_id.as_str()),
        ("title", "Thanks!"),
        ("body", "Text"),
        ("shortcut", "thanks"),
    ];
    ok(&app, &admin, "quick_reply_update", &form).await;

    let vip = add_tag(&app, &admin, "visitor", "VIP").await;
    taken(
        call(
            &app,
            &admin,
            "tag_create",
            &[("kind", "visitor"), ("name", "VIP")],
        )
        .await,
        "name",
    );
    taken(
        call(
            &app,
            &admin,
            "tag_create",
            &[("kind", "visitor"), ("name", "vip")],
        )
        .await,
        "name",
    );
    // The same name as a session tag is another tag.
    let session_vip = add_tag(&app, &admin, "session", "VIP").await;
    let gold = add_tag(&app, &admin, "visitor", "Gold").await;
    let gold_id = id_of(&gold);
    taken(
        call(
            &app,
            &admin,
            "tag_update",
            &[("id", &gold_id), ("name", "Vip")],
        )
        .await,
        "name",
    );
    // Renaming a tag to itself in other letters is fine.
    let vip_id = id_of(&vip);
    ok(
        &app,
        &admin,
        "tag_update",
        &[("id", &vip_id), ("name", "Vip")],
    )
    .await;

    let listed = catalogues(&app, &admin).await;
    assert_eq!(listed["quick_replies"].as_array().unwrap().len(), 3);
    assert_eq!(
        listed["visitor_tags"],
        json!([{"id": vip_id, "kind": "visitor", "name": "Vip"}, gold])
    );
    assert_eq!(listed["session_tags"], json!([session_vip]));
    app.stop().await;
}

#[tokio::test]
async fn catalogue_agents_read_but_do_not_write_and_strangers_do_neither() {
    let app = spawn_app().await;
    let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let reply = add_reply(&app, &admin, "Thanks", "thanks").await;
    let tag = add_tag(&app, &admin, "visitor", "VIP").await;
    let faq = add_faq(&app, &admin, "Why?").await;
    let (reply_id, tag_id, faq_id) = (id_of(&reply), id_of(&tag), id_of(&faq));
    let agent = agents(&app, 1).await.remove(0);

    let (status, listed) = call_as(&app, &agent.cookie, "catalogues", &[]).await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["quick_replies"], json!([reply]));
    let (status, body) = call(&app, &TestApp::new_client(), "catalogues", &[]).await;
    assert_eq!((status, body["code"].clone()), (401, json!("unauthorized")));

    let writes: [(&str, Form); 9] = [
        (
            "quick_reply_create",
            vec![("title", "Mine"), ("body", "Text"), ("shortcut", "")],
        ),
        (
            "quick_reply_update",
            vec![
                ("id", &reply_id),
                ("title", "Mine"),
                ("body", "Text"),
                ("shortcut", ""),
            ],
        ),
        ("quick_reply_delete", vec![("id", &reply_id)]),
        ("tag_create", vec![("kind", "session"), ("name", "Mine")]),
        ("tag_update", vec![("id", &tag_id), ("name", "Mine")]),
        ("tag_delete", vec![("id", &tag_id)]),
        (
            "faq_create",
            vec![("question", "Mine?"), ("answer", "Yes."), ("keywords", "")],
        ),
        (
            "faq_update",
            vec![
                ("id", &faq_id),
                ("question", "Mine?"),
                ("answer", "Yes."),
                ("keywords", ""),
            ],
        ),
        ("faq_delete", vec![("id", &faq_id)]),
    ];
    for (endpoint, form) in &writes {
        let (status, body) = call_as(&app, &agent.cookie, endpoint, form).await;
        assert_eq!(status, 403, "{endpoint}: {body}");
        assert_eq!(body["code"], "forbidden", "{endpoint}");
        let (status, body) = call(&app, &TestApp::new_client(), endpoint, form).await;
        assert_eq!(status, 401, "{endpoint}: {body}");
        assert_eq!(body["code"], "unauthorized", "{endpoint}");
    }
    // None of it happened.
    assert_eq!(
        catalogues(&app, &admin).await,
        json!({"quick_replies": [reply], "visitor_tags": [tag], "session_tags": [], "faq": [faq]})
    );
    app.stop().await;
}

#[tokio::test]
async fn catalogue_entries_of_another_project_are_not_found() {
    let app = spawn_app().await;
    let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = accounts::create_project(&db, "Other Shop").await.unwrap();
    let email = Email::parse("email", "owner@other.example").unwrap();
    let password = Password::parse("password", "another-long-password").unwrap();
    accounts::create_admin(&db, project.id, &email, &password, None)
        .await
        .unwrap();
    db.close().await;
    let owner = signed_in(&app, "owner@other.example", "another-long-password").await;

    // Each project has its own shortcuts and tag names.
    let ours = add_reply(&app, &admin, "Thanks", "thanks").await;
    let theirs = add_reply(&app, &owner, "Danke", "thanks").await;
    add_tag(&app, &admin, "visitor", "VIP").await;
    let their_tag = add_tag(&app, &owner, "visitor", "VIP").await;
    let their_faq = add_faq(&app, &owner, "Wann?").await;
    let before = catalogues(&app, &owner).await;
    let (reply_id, tag_id, faq_id) = (id_of(&theirs), id_of(&their_tag), id_of(&their_faq));

    let refused: [(&str, Form); 6] = [
        (
            "quick_reply_update",
            vec![
                ("id", &reply_id),
                ("title", "Mine"),
                ("body", "Text"),
                ("shortcut", ""),
            ],
        ),
        ("quick_reply_delete", vec![("id", &reply_id)]),
        ("tag_update", vec![("id", &tag_id), ("name", "Mine")]),
        ("tag_delete", vec![("id", &tag_id)]),
        (
            "faq_update",
            vec![
                ("id", &faq_id),
                ("question", "Mine?"),
                ("answer", "Yes."),
                ("keywords", ""),
            ],
        ),
        ("faq_delete", vec![("id", &faq_id)]),
    ];
    for (endpoint, form) in &refused {
        let (status, body) = call(&app, &admin, endpoint, form).await;
        assert_eq!(status, 404, "{endpoint}: {body}");
        assert_eq!(body["code"], "not_found", "{endpoint}");
    }
    // Nothing of theirs changed, and neither project sees the other's entries.
    assert_eq!(catalogues(&app, &owner).await, before);
    let listed = catalogues(&app, &admin).await;
    assert_eq!(listed["quick_replies"], json!([ours]));
    assert_eq!(listed["faq"], json!([]));
    app.stop().await;
}

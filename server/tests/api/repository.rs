//! The repository suite, run against both backends with a fresh database each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{Store, fresh_database};
use app::backend::accounts;
use app::backend::db::{Db, projects, sessions, users};
use app::errors::{AppError, FieldProblem};
use app::models::{Email, Password, ProjectKey, Timestamp};

async fn fresh_db(store: Store) -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(store, &dir).await;
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    (db, dir)
}

/// Runs one async check on SQLite and on PostgreSQL.
macro_rules! on_both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                let (db, _dir) = fresh_db(Store::Sqlite).await;
                let check = $body;
                check(db.clone()).await;
                db.close().await;
            }
            #[tokio::test]
            async fn postgres() {
                let (db, _dir) = fresh_db(Store::Postgres).await;
                let check = $body;
                check(db.clone()).await;
                db.close().await;
            }
        }
    };
}

on_both_backends!(migrations_are_idempotent, |db: Db| async move {
    db.migrate().await.unwrap();
    assert_eq!(projects::count(&db).await.unwrap(), 0);
});

on_both_backends!(projects_are_found_by_key_id_and_name, |db: Db| async move {
    let project = accounts::create_project(&db, "  Acme  ").await.unwrap();
    assert_eq!(project.name, "Acme");
    assert_eq!(
        projects::find_by_key(&db, &project.key).await.unwrap(),
        Some(project.clone())
    );
    assert_eq!(
        projects::find(&db, project.id).await.unwrap(),
        Some(project.clone())
    );
    assert_eq!(
        projects::find_by_name(&db, "Acme").await.unwrap(),
        Some(project.clone())
    );
    assert_eq!(projects::first(&db).await.unwrap(), Some(project.clone()));
    let other = ProjectKey::parse("doesnotexist123").unwrap();
    assert_eq!(projects::find_by_key(&db, &other).await.unwrap(), None);
    assert_eq!(projects::count(&db).await.unwrap(), 1);
});

on_both_backends!(emails_are_unique_across_accounts, |db: Db| async move {
    let project = accounts::create_project(&db, "Acme").await.unwrap();
    let email = Email::parse("email", "Owner@Acme.test").unwrap();
    let password = Password::parse("password", "long enough password").unwrap();
    let admin = accounts::create_admin(&db, project.id, &email, &password, None)
        .await
        .unwrap();
    assert_eq!(admin.email, "owner@acme.test");
    assert_eq!(admin.display_name, "owner");
    let again = accounts::create_admin(&db, project.id, &email, &password, Some("Twin")).await;
    assert!(
        matches!(again, Err(AppError::Invalid(ref field)) if field.problem == FieldProblem::AlreadyTaken)
    );
    let credentials = users::find_credentials(&db, "owner@acme.test")
        .await
        .unwrap()
        .unwrap();
    assert!(credentials.active);
    assert!(credentials.password_hash.starts_with("$argon2id$"));
    assert_eq!(credentials.user, admin);
    assert_eq!(
        users::find_active(&db, admin.id).await.unwrap(),
        Some(admin.clone())
    );
    assert_eq!(
        users::count_active_in_project(&db, project.id)
            .await
            .unwrap(),
        1
    );
});

on_both_backends!(
    sessions_end_on_expiry_idleness_and_deletion,
    |db: Db| async move {
        let project = accounts::create_project(&db, "Acme").await.unwrap();
        let email = Email::parse("email", "a@acme.test").unwrap();
        let password = Password::parse("password", "long enough password").unwrap();
        let admin = accounts::create_admin(&db, project.id, &email, &password, None)
            .await
            .unwrap();
        let now = Timestamp(1_000_000_000);
        sessions::insert(&db, "hash-a", admin.id, now, now.plus_secs(3600))
            .await
            .unwrap();
        sessions::insert(&db, "hash-b", admin.id, now, now.plus_secs(3600))
            .await
            .unwrap();

        let live = sessions::find_live(&db, "hash-a", now.plus_secs(10), now.plus_secs(-60))
            .await
            .unwrap();
        assert_eq!(live.map(|session| session.user), Some(admin.clone()));
        // Idle: last seen before the cutoff.
        let idle = sessions::find_live(&db, "hash-a", now.plus_secs(120), now.plus_secs(60))
            .await
            .unwrap();
        assert!(idle.is_none());
        // Touching slides the idle window.
        sessions::touch(&db, "hash-a", now.plus_secs(100))
            .await
            .unwrap();
        let touched = sessions::find_live(&db, "hash-a", now.plus_secs(120), now.plus_secs(60))
            .await
            .unwrap();
        assert!(touched.is_some());
        // Absolute expiry wins over activity.
        let expired = sessions::find_live(&db, "hash-a", now.plus_secs(3600), now.plus_secs(0))
            .await
            .unwrap();
        assert!(expired.is_none());

        sessions::delete(&db, "hash-a").await.unwrap();
        assert!(
            sessions::find_live(&db, "hash-a", now, now.plus_secs(-60))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            sessions::find_live(&db, "hash-b", now, now.plus_secs(-60))
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(sessions::delete_for_user(&db, admin.id).await.unwrap(), 1);
        assert!(
            sessions::find_live(&db, "hash-b", now, now.plus_secs(-60))
                .await
                .unwrap()
                .is_none()
        );

        sessions::insert(&db, "hash-c", admin.id, now, now.plus_secs(10))
            .await
            .unwrap();
        assert_eq!(
            sessions::delete_dead(&db, now.plus_secs(20), now.plus_secs(-60))
                .await
                .unwrap(),
            1
        );
    }
);

//! Email fallback: a visitor who left their email and has not read an agent's replies gets
//! them by mail, batched (at most one mail per conversation per window), through the same
//! mail path as invitations. The mail's link brings them back to the conversation on any
//! device. Run by the server's timers; safe on several processes (each batch is claimed with
//! a compare-and-set before it is sent).
use super::AppState;
use super::auth::token::{random_token, token_hash};
use super::db::email_fallback::{self, DueConversation, MailedReply};
use super::db::visitors::{self, VisitorRef};
use super::mail::Mail;
use crate::i18n::*;
use crate::locale::visitor_locale;
use crate::models::{Email, ProjectKey, Timestamp, VisitorId};

/// Conversations mailed per run at most (the rest wait for the next run).
const BATCH: i64 = 100;
/// How long a return link works.
const LINK_DAYS: i64 = 30;

/// Mails every due batch; returns how many mails went out. `window_secs`: a reply waits that
/// long unread before it is mailed, and a conversation gets at most one mail per window.
pub async fn send_due(state: &AppState, window_secs: i64) -> Result<usize, sqlx::Error> {
    let now = Timestamp::now();
    let window_start = now.plus_secs(-window_secs);
    let mut sent = 0;
    for due in email_fallback::due(&state.db, window_start, window_start, BATCH).await? {
        // Visitors with the widget open on this node read replies there.
        if state.presence.visitor_online(due.visitor_id) {
            continue;
        }
        if send_one(state, &due, now, window_start).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

async fn send_one(
    state: &AppState,
    due: &DueConversation,
    now: Timestamp,
    window_start: Timestamp,
) -> Result<bool, sqlx::Error> {
    let after = due.mailed_up_to.max(due.read_up_to);
    let replies = email_fallback::replies_after(&state.db, due.id, after).await?;
    let (Some(last), Ok(to)) = (replies.last(), Email::parse("email", &due.email)) else {
        return Ok(false);
    };
    let up_to = last.seq;
    if !email_fallback::claim(
        &state.db,
        due.id,
        due.mailed_up_to,
        up_to,
        now,
        window_start,
    )
    .await?
    {
        return Ok(false);
    }
    let link = return_link(state, due, now).await?;
    let locale = visitor_locale(due.language.as_deref().unwrap_or_default());
    let (subject, body) = compose(locale, &due.project_name, &replies, &link);
    let mail = Mail {
        project_id: due.project_id,
        to,
        subject,
        body,
    };
    match state.mailer.send(&state.db, &mail).await {
        Ok(_) => Ok(true),
        Err(error) => {
            tracing::warn!(?error, conversation = %due.id, "email fallback could not be sent");
            email_fallback::release(&state.db, due.id, due.mailed_up_to, up_to).await?;
            Ok(false)
        }
    }
}

async fn return_link(
    state: &AppState,
    due: &DueConversation,
    now: Timestamp,
) -> Result<String, sqlx::Error> {
    let token = random_token(32);
    email_fallback::insert_link(
        &state.db,
        &token_hash(&token),
        due.visitor_id,
        due.project_id,
        now,
        now.plus_secs(LINK_DAYS * 24 * 3600),
    )
    .await?;
    Ok(format!(
        "{}/w/{}/resume/{token}",
        state.public_url, due.project_key
    ))
}

/// Subject and plain-text body of a fallback mail, in the visitor's language.
pub fn compose(
    locale: Locale,
    project: &str,
    replies: &[MailedReply],
    link: &str,
) -> (String, String) {
    let subject = td_string!(locale, mail.reply_subject, project).to_string();
    let mut body = format!("{}\n\n", td_string!(locale, mail.reply_intro, project));
    for reply in replies {
        let author = reply.author_name.as_deref().unwrap_or(project);
        let text = match (&reply.file_name, reply.body.is_empty()) {
            (Some(name), true) => td_string!(locale, mail.reply_file, name).to_string(),
            (Some(name), false) => {
                format!(
                    "{} {}",
                    td_string!(locale, mail.reply_file, name),
                    reply.body
                )
            }
            (None, _) => reply.body.clone(),
        };
        body.push_str(&format!("{author}: {text}\n"));
    }
    body.push_str(&format!(
        "\n{}\n{link}\n\n{}",
        td_string!(locale, mail.reply_continue),
        td_string!(locale, mail.reply_reason, project)
    ));
    (subject, body)
}

/// A new widget token for the visitor a return link names (none: unknown or expired link),
/// and the project key it belongs to.
pub async fn open_return_link(
    state: &AppState,
    key: &ProjectKey,
    token: &str,
) -> Result<Option<String>, crate::errors::AppError> {
    let Some(project) = super::db::projects::find_by_key(&state.db, key).await? else {
        return Ok(None);
    };
    let now = Timestamp::now();
    let Some(visitor) =
        email_fallback::find_link(&state.db, &token_hash(token), project.id, now).await?
    else {
        return Ok(None);
    };
    let widget_token = random_token(32);
    let alias = VisitorRef {
        id: VisitorId::new(),
        project_id: project.id,
    };
    visitors::insert_alias(&state.db, alias, &token_hash(&widget_token), visitor, now).await?;
    Ok(Some(widget_token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replies() -> [MailedReply; 2] {
        [
            MailedReply {
                seq: 4,
                author_name: Some("Ann".to_owned()),
                body: "Your order shipped.".to_owned(),
                file_name: None,
            },
            MailedReply {
                seq: 6,
                author_name: None,
                body: String::new(),
                file_name: Some("invoice.pdf".to_owned()),
            },
        ]
    }

    #[test]
    fn a_mail_quotes_every_reply_and_ends_with_the_link() {
        let link = "https://chat.example/w/k/resume/t";
        let (subject, body) = compose(Locale::en, "Acme", &replies(), link);
        assert_eq!(subject, "Acme: new reply to your conversation");
        assert!(body.contains("Ann: Your order shipped.\n"), "{body}");
        assert!(body.contains("Acme: [file: invoice.pdf]\n"), "{body}");
        assert!(body.contains("Continue the conversation:\nhttps://chat.example/w/k/resume/t\n"));
        assert!(body.find("Ann:") < body.find("invoice.pdf"), "oldest first");
    }

    #[test]
    fn a_mail_is_written_in_the_visitors_browser_language() {
        let link = "https://chat.example/w/k/resume/t";
        let chinese = visitor_locale("zh-CN,zh;q=0.9,en;q=0.8");
        let (subject, body) = compose(chinese, "Acme", &replies(), link);
        assert_eq!(subject, "Acme：您的对话有新回复");
        assert!(body.contains("Ann: Your order shipped.\n"), "{body}");
        assert!(body.contains("Acme: [文件：invoice.pdf]\n"), "{body}");
        assert!(
            body.contains("继续对话：\nhttps://chat.example/w/k/resume/t\n"),
            "{body}"
        );
        let (subject, body) = compose(visitor_locale("zh-TW"), "Acme", &replies(), link);
        assert_eq!(subject, "Acme：您的對話有新回覆");
        assert!(
            body.contains("繼續對話：\nhttps://chat.example/w/k/resume/t\n"),
            "{body}"
        );
        let (subject, _) = compose(visitor_locale("fr-FR"), "Acme", &replies(), link);
        assert_eq!(
            subject, "Acme: new reply to your conversation",
            "English otherwise"
        );
    }
}

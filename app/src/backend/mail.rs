//! Outgoing mail: through SMTP (lettre) when `PARLEY_SMTP_URL` is set, otherwise into the
//! project's outbox, which the console shows, so an install with nothing configured still
//! lets an admin hand out join links.
use super::db::{Db, outbox};
use crate::errors::AppError;
use crate::models::{Email, ProjectId, Timestamp};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// One plain-text mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The project it is sent for (its outbox, when there is no SMTP).
    pub project_id: ProjectId,
    /// The recipient.
    pub to: Email,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Where a mail went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivered {
    /// Accepted by the SMTP server.
    Smtp,
    /// Written to the project's outbox.
    Outbox,
}

/// How mail leaves the server.
#[derive(Clone)]
pub enum Mailer {
    /// Hand mail to this SMTP server, sent from `from`.
    Smtp {
        /// The connection pool to the server.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The sender address.
        from: Mailbox,
    },
    /// No SMTP server: keep mail in the outbox.
    Outbox,
}

impl Mailer {
    /// The mailer for the configuration: `smtp_url` such as `smtp://user:pass@host:587?tls=required`
    /// or `smtps://host`, and the sender (`Parley <parley@example.com>`). The error is a
    /// sentence for the operator.
    pub fn from_config(smtp_url: Option<&str>, from: &str) -> Result<Self, String> {
        let Some(url) = smtp_url.filter(|url| !url.trim().is_empty()) else {
            return Ok(Mailer::Outbox);
        };
        let from: Mailbox = from
            .parse()
            .map_err(|error| format!("the sender address {from:?} is not valid: {error}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| format!("the SMTP URL is not valid: {error}"))?
            .build();
        Ok(Mailer::Smtp { transport, from })
    }

    /// Sends `mail`, or stores it in the outbox when there is no SMTP server.
    pub async fn send(&self, db: &Db, mail: &Mail) -> Result<Delivered, AppError> {
        match self {
            Mailer::Outbox => {
                outbox::insert(db, mail, Timestamp::now()).await?;
                Ok(Delivered::Outbox)
            }
            Mailer::Smtp { transport, from } => {
                let message = compose(from, mail)?;
                transport.send(message).await.map_err(|error| {
                    tracing::error!(%error, "the SMTP server did not take a mail");
                    AppError::Internal
                })?;
                Ok(Delivered::Smtp)
            }
        }
    }
}

fn compose(from: &Mailbox, mail: &Mail) -> Result<Message, AppError> {
    let to: Mailbox = mail.to.as_str().parse().map_err(|error| {
        tracing::error!(%error, "a parsed email address was refused by the mail builder");
        AppError::Internal
    })?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|error| {
            tracing::error!(%error, "cannot build a mail");
            AppError::Internal
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_smtp_url_means_the_outbox() {
        assert!(matches!(
            Mailer::from_config(None, "Parley <p@x.io>"),
            Ok(Mailer::Outbox)
        ));
        assert!(matches!(
            Mailer::from_config(Some("  "), "x"),
            Ok(Mailer::Outbox)
        ));
    }

    #[test]
    fn a_bad_smtp_configuration_is_explained() {
        let Err(message) = Mailer::from_config(Some("smtp://localhost:25"), "not an address")
        else {
            panic!("a bad sender was accepted");
        };
        assert!(message.contains("sender"), "{message}");
        let Err(message) = Mailer::from_config(Some("ftp://x"), "p@x.io") else {
            panic!("a bad URL was accepted");
        };
        assert!(message.contains("SMTP URL"), "{message}");
    }
}

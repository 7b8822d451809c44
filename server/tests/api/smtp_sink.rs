//! A tiny SMTP server for tests: plain SMTP on 127.0.0.1 (no TLS, no auth), just enough for
//! lettre to hand it mail, which it keeps for the test to read.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// One mail as the sink received it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// The `RCPT TO` addresses, without angle brackets.
    pub recipients: Vec<String>,
    /// The message as sent after `DATA` (headers and body, CRLF line ends, dot-unstuffed).
    pub data: String,
}

impl ReceivedMail {
    /// The message with quoted-printable soft line breaks and `=3D` decoded, enough to read
    /// a link out of the body.
    pub fn decoded(&self) -> String {
        self.data
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=")
    }

    /// The first `http://…/join/<token>` link in the message.
    pub fn join_link(&self) -> String {
        let text = self.decoded();
        let start = text
            .find("http://")
            .unwrap_or_else(|| panic!("no link in the mail:\n{}", self.data));
        let link: String = text[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        assert!(link.contains("/join/"), "not a join link: {link}");
        link
    }
}

/// A running sink; dropping it stops accepting connections.
pub struct SmtpSink {
    port: u16,
    mails: mpsc::UnboundedReceiver<ReceivedMail>,
    accept: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl SmtpSink {
    /// Listens on an ephemeral port of 127.0.0.1.
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (sender, mails) = mpsc::unbounded_channel();
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, sender.clone()));
            }
        });
        SmtpSink {
            port,
            mails,
            accept,
        }
    }

    /// The URL to configure Parley with (`smtp_url`).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The next mail received, waiting up to ten seconds for it.
    pub async fn next_mail(&mut self) -> ReceivedMail {
        tokio::time::timeout(Duration::from_secs(10), self.mails.recv())
            .await
            .expect("a mail within 10 s")
            .expect("the sink is running")
    }

    /// No (further) mail arrives within `wait`.
    pub async fn expect_no_mail(&mut self, wait: Duration) {
        if let Ok(Some(mail)) = tokio::time::timeout(wait, self.mails.recv()).await {
            panic!("unexpected mail to {:?}:\n{}", mail.recipients, mail.data);
        }
    }
}

/// The address inside `<…>` of a `MAIL FROM:` / `RCPT TO:` argument.
fn address_of(argument: &str) -> String {
    let start = argument.find('<').map_or(0, |at| at + 1);
    let end = argument[start..]
        .find('>')
        .map_or(argument.len(), |at| start + at);
    argument[start..end].trim().to_owned()
}

/// One SMTP session: as many mails as the client sends until `QUIT` or it hangs up.
async fn serve(stream: TcpStream, mails: mpsc::UnboundedSender<ReceivedMail>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if write
        .write_all(b"220 sink.test ESMTP ready\r\n")
        .await
        .is_err()
    {
        return;
    }
    let mut recipients = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.test greets you\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 sink.test\r\n",
            "MAIL" => {
                recipients.clear();
                b"250 sender ok\r\n"
            }
            "RCPT" => {
                let argument = command.split_once(':').map_or("", |(_, rest)| rest);
                recipients.push(address_of(argument));
                b"250 recipient ok\r\n"
            }
            "DATA" => {
                if write
                    .write_all(b"354 end data with <CR><LF>.<CR><LF>\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
                let mut data = String::new();
                loop {
                    line.clear();
                    match lines.read_line(&mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    if line.trim_end_matches(['\r', '\n']) == "." {
                        break;
                    }
                    // Dot-stuffing: a leading ".." stands for ".".
                    let unstuffed = line.strip_prefix('.').unwrap_or(&line);
                    data.push_str(unstuffed);
                }
                let _ = mails.send(ReceivedMail {
                    recipients: std::mem::take(&mut recipients),
                    data,
                });
                b"250 queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            // RSET, NOOP and anything else lettre might try.
            "RSET" => {
                recipients.clear();
                b"250 ok\r\n"
            }
            _ => b"250 ok\r\n",
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

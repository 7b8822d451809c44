//! Files attached to messages. An upload is streamed to a partial file under the data
//! directory (never the web root) while its size is checked against the project's limit; its
//! type is read from its first bytes (never its name or declared type) and must be on a short
//! allow list; its name is cleaned. Until a message carries it, only its uploader may fetch
//! it; then the conversation's visitor and the agents who may see the conversation.
use super::AppState;
use super::chat::{self, Participant};
use super::db::attachments::{self, StoredFile};
use crate::errors::AppError;
use crate::models::settings::parse_number;
use crate::models::{ConversationId, CurrentUser, Timestamp};
use crate::realtime::protocol::{Attachment, AuthorKind};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

/// The highest limit a project may set, in megabytes (the route's hard cap).
pub const HARD_LIMIT_MB: u32 = 100;
/// Bytes kept from the start of a file to detect its type (Office files are zip archives
/// whose telling entries come first).
const SNIFF_BYTES: usize = 64 * 1024;

/// A file type Parley accepts: its detected MIME type and the extensions that go with it
/// (the first is added to a name that has none of them).
#[derive(Debug, PartialEq, Eq)]
pub struct FileKind {
    /// The type, as detected.
    pub mime: &'static str,
    /// Extensions that match it, lower case.
    pub extensions: &'static [&'static str],
    /// Shown in the page (pictures, audio, video); everything else is a download.
    pub inline: bool,
}

const fn kind(mime: &'static str, extensions: &'static [&'static str], inline: bool) -> FileKind {
    FileKind {
        mime,
        extensions,
        inline,
    }
}

/// Plain text (detected by its bytes being UTF-8 without control characters or markup).
const TEXT: FileKind = kind("text/plain", &["txt", "log", "csv", "md"], false);

/// Everything accepted. SVG, HTML and XML are not: they can carry scripts.
static ALLOWED: &[FileKind] = &[
    kind("image/png", &["png"], true),
    kind("image/jpeg", &["jpg", "jpeg"], true),
    kind("image/gif", &["gif"], true),
    kind("image/webp", &["webp"], true),
    kind("image/heif", &["heic", "heif"], false),
    kind("image/avif", &["avif"], false),
    kind("image/bmp", &["bmp"], false),
    kind("image/tiff", &["tif", "tiff"], false),
    kind("audio/mpeg", &["mp3"], true),
    kind("audio/m4a", &["m4a"], true),
    kind("audio/aac", &["aac"], true),
    kind("audio/ogg", &["ogg", "oga"], true),
    kind("audio/opus", &["opus"], true),
    kind("audio/x-wav", &["wav"], true),
    kind("audio/x-flac", &["flac"], true),
    kind("video/mp4", &["mp4"], true),
    kind("video/x-m4v", &["m4v"], true),
    kind("video/webm", &["webm"], true),
    kind("video/quicktime", &["mov"], true),
    kind("application/pdf", &["pdf"], false),
    kind("application/zip", &["zip"], false),
    kind("application/msword", &["doc"], false),
    kind("application/vnd.ms-excel", &["xls"], false),
    kind("application/vnd.ms-powerpoint", &["ppt"], false),
    kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &["docx"],
        false,
    ),
    kind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &["xlsx"],
        false,
    ),
    kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        &["pptx"],
        false,
    ),
    kind("application/vnd.oasis.opendocument.text", &["odt"], false),
    kind(
        "application/vnd.oasis.opendocument.spreadsheet",
        &["ods"],
        false,
    ),
    kind(
        "application/vnd.oasis.opendocument.presentation",
        &["odp"],
        false,
    ),
    TEXT,
];

/// Markup that makes a text file a page a browser would run (refused even as text).
const MARKUP: [&str; 7] = [
    "<html",
    "<!doctype",
    "<svg",
    "<script",
    "<?xml",
    "<body",
    "<iframe",
];

/// The accepted type of a file starting with `head`, if it is one.
pub fn detect(head: &[u8]) -> Option<&'static FileKind> {
    match infer::get(head) {
        Some(found) => ALLOWED
            .iter()
            .find(|kind| kind.mime == found.mime_type() && kind.mime != TEXT.mime),
        None => is_plain_text(head).then_some(&TEXT),
    }
}

/// UTF-8 (a character cut at the end of `head` is fine), no control characters but
/// whitespace, and no markup.
fn is_plain_text(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(error) if error.error_len().is_none() => {
            match std::str::from_utf8(&head[..error.valid_up_to()]) {
                Ok(text) => text,
                Err(_) => return false,
            }
        }
        Err(_) => return false,
    };
    if text.trim().is_empty()
        || text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
    {
        return false;
    }
    let lower = text.to_lowercase();
    !MARKUP.iter().any(|tag| lower.contains(tag))
}

/// The stored type's entry, if it is still accepted.
fn kind_of(mime: &str) -> Option<&'static FileKind> {
    ALLOWED.iter().find(|kind| kind.mime == mime)
}

/// Whether a stored file of this type is shown in the page rather than downloaded: only
/// raster pictures, audio and video (never SVG or HTML, which are not even accepted).
pub fn shown_inline(mime: &str) -> bool {
    kind_of(mime).is_some_and(|kind| kind.inline)
}

/// A file name safe to store and show: the last path segment, without control characters,
/// characters file systems refuse, or leading dots, at most 120 characters, ending in an
/// extension that matches `kind` (added when it has none of them).
pub fn sanitise_name(name: &str, kind: &FileKind) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let (stem, extension) = match cleaned.rsplit_once('.') {
        Some((stem, extension)) => (stem.trim_end(), Some(extension)),
        None => (cleaned, None),
    };
    let matching = extension.filter(|extension| {
        kind.extensions
            .iter()
            .any(|known| known.eq_ignore_ascii_case(extension))
    });
    let (stem, extension) = match matching {
        Some(extension) => (stem.to_owned(), extension.to_owned()),
        // No matching extension: keep the whole cleaned name and add the type's own.
        None => (
            cleaned.to_owned(),
            kind.extensions.first().copied().unwrap_or("bin").to_owned(),
        ),
    };
    let stem: String = stem.chars().take(120).collect();
    let stem = if stem.trim().is_empty() {
        "file".to_owned()
    } else {
        stem
    };
    format!("{stem}.{extension}")
}

/// The `Content-Disposition` a stored file is served with: `inline` for what
/// [`shown_inline`] allows, else a download under its (UTF-8, percent-encoded) name.
pub fn content_disposition(mime: &str, name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect();
    let kind = if shown_inline(mime) {
        "inline"
    } else {
        "attachment"
    };
    format!("{kind}; filename*=UTF-8''{encoded}")
}

/// Why an upload was refused (each is answered with its own status and message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    /// No file, or an empty one.
    Empty,
    /// Larger than the project's limit (in megabytes).
    TooLarge {
        /// The limit.
        max_mb: u32,
    },
    /// Not a type on the allow list (SVG, HTML, programs...).
    Unsupported,
}

impl UploadProblem {
    /// HTTP status: 400, 413 or 415.
    pub fn status(self) -> u16 {
        match self {
            UploadProblem::Empty => 400,
            UploadProblem::TooLarge { .. } => 413,
            UploadProblem::Unsupported => 415,
        }
    }

    /// A sentence for the caller (clients show their own, translated, by status).
    pub fn message(self) -> String {
        match self {
            UploadProblem::Empty => "send a non-empty file in the `file` part".to_owned(),
            UploadProblem::TooLarge { max_mb } => {
                format!("the file is larger than this site's limit of {max_mb} MB")
            }
            UploadProblem::Unsupported => "this type of file is not accepted (pictures, audio, \
                                           video, PDF, Office documents, zip and plain text are)"
                .to_owned(),
        }
    }
}

/// What may happen when someone asks for a stored file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Theirs to fetch.
    Granted,
    /// Only if they may see this conversation.
    IfSees(ConversationId),
    /// Not theirs (answered as "not found").
    Denied,
}

/// Who may fetch `file`: the visitor it belongs to; an agent, their own unsent upload or a
/// sent file in a conversation they may see.
pub fn access(participant: &Participant, file: &StoredFile) -> Access {
    if participant.project_id() != file.project_id {
        return Access::Denied;
    }
    match (participant, file.conversation_id) {
        (Participant::Visitor(visitor), _) if file.visitor_id == Some(visitor.id) => {
            Access::Granted
        }
        (Participant::Visitor(_), _) => Access::Denied,
        (Participant::Agent(_), Some(conversation)) => Access::IfSees(conversation),
        (Participant::Agent(user), None)
            if file.uploader_kind == AuthorKind::Agent
                && file.uploader_id == user.id.to_string() =>
        {
            Access::Granted
        }
        (Participant::Agent(_), None) => Access::Denied,
    }
}

/// The file `id` and where its bytes are, if `participant` may fetch it (else `NotFound`,
/// whether it exists or not).
pub async fn readable(
    state: &AppState,
    participant: &Participant,
    id: Uuid,
) -> Result<(StoredFile, PathBuf), AppError> {
    let file = attachments::find(&state.db, participant.project_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    match access(participant, &file) {
        Access::Granted => {}
        Access::IfSees(conversation) => {
            chat::visible(state, participant, conversation)
                .await
                .map_err(|_| AppError::NotFound)?;
        }
        Access::Denied => return Err(AppError::NotFound),
    }
    let path = state.uploads_dir.join(&file.storage_key);
    Ok((file, path))
}

/// How long an upload may wait for the message that sends it.
const UNSENT_KEPT_HOURS: i64 = 24;

/// Removes uploads nobody sent within a day (an abandoned attach, a closed tab): the row
/// first (only if still unsent, so a file sent meanwhile stays), then its bytes. Returns how
/// many went.
pub async fn sweep_unsent(state: &AppState) -> Result<usize, sqlx::Error> {
    let before = Timestamp::now().plus_secs(-UNSENT_KEPT_HOURS * 3600);
    let mut removed = 0;
    for (id, storage_key) in attachments::unsent_before(&state.db, before, 500).await? {
        if attachments::delete_unsent(&state.db, id).await? {
            if let Err(error) = tokio::fs::remove_file(state.uploads_dir.join(&storage_key)).await
                && error.kind() != std::io::ErrorKind::NotFound
            {
                tracing::warn!(%error, %id, "cannot delete an unsent upload's file");
            }
            removed += 1;
        }
    }
    Ok(removed)
}

/// The project's largest upload, in megabytes.
pub async fn limit_mb(state: &AppState, participant: &Participant) -> Result<u32, AppError> {
    attachments::max_upload_mb(&state.db, participant.project_id())
        .await?
        .map(|mb| mb.clamp(1, HARD_LIMIT_MB))
        .ok_or(AppError::NotFound)
}

/// The limit as the console shows it.
pub async fn admin_limit(state: &AppState, admin: &CurrentUser) -> Result<u32, AppError> {
    limit_mb(state, &Participant::Agent(admin.clone())).await
}

/// Stores the limit the admin typed (1 to [`HARD_LIMIT_MB`]).
pub async fn set_admin_limit(
    state: &AppState,
    admin: &CurrentUser,
    input: &str,
) -> Result<(), AppError> {
    let mb = parse_number("max_upload_mb", input, (1, i64::from(HARD_LIMIT_MB)))?;
    let mb = u32::try_from(mb).map_err(|_| AppError::Internal)?;
    attachments::set_max_upload_mb(&state.db, admin.project_id, mb).await?;
    tracing::info!(project = %admin.project_id, by = %admin.id, mb, "upload limit changed");
    Ok(())
}

/// Checks that `participant` may keep this upload: agents name a conversation they may see
/// (they must still be allowed to reply when they send the file); visitors need not (the
/// file becomes part of whichever of their conversations they send it to).
pub async fn may_upload(
    state: &AppState,
    participant: &Participant,
    conversation: Option<ConversationId>,
) -> Result<(), AppError> {
    if let Participant::Agent(_) = participant {
        let conversation = conversation.ok_or(AppError::NotFound)?;
        chat::visible(state, participant, conversation)
            .await
            .map_err(|_| AppError::NotFound)?;
    }
    Ok(())
}

/// An upload on its way to disk. Dropped before [`Upload::finish`] stores it, its partial
/// file is removed.
pub struct Upload {
    dir: PathBuf,
    id: Uuid,
    file: Option<tokio::fs::File>,
    head: Vec<u8>,
    size: u64,
    max_mb: u32,
    kept: bool,
}

impl Upload {
    fn partial_path(dir: &Path, id: Uuid) -> PathBuf {
        dir.join(format!("{id}.partial"))
    }

    /// Starts writing a new upload into `dir`, accepting at most `max_mb` megabytes.
    pub async fn begin(dir: &Path, max_mb: u32) -> std::io::Result<Self> {
        let id = Uuid::new_v4();
        let file = tokio::fs::File::create_new(Self::partial_path(dir, id)).await?;
        Ok(Self {
            dir: dir.to_owned(),
            id,
            file: Some(file),
            head: Vec::new(),
            size: 0,
            max_mb,
            kept: false,
        })
    }

    fn limit(&self) -> u64 {
        u64::from(self.max_mb) * 1024 * 1024
    }

    /// Appends the next bytes. Past the limit nothing more is written (the rest of the
    /// request is still read, so the client receives the answer).
    pub async fn push(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        self.size = self.size.saturating_add(chunk.len() as u64);
        if self.size > self.limit() {
            // Free the disk at once; `finish` answers "too large".
            self.file = None;
            return Ok(());
        }
        if self.head.len() < SNIFF_BYTES {
            let wanted = (SNIFF_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..wanted]);
        }
        match self.file.as_mut() {
            Some(file) => file.write_all(chunk).await,
            None => Ok(()),
        }
    }

    /// Checks size and type, moves the bytes to their final place and records the upload
    /// as `uploader`'s, under a cleaned version of `name`.
    pub async fn finish(
        mut self,
        state: &AppState,
        uploader: &Participant,
        name: &str,
    ) -> Result<Result<Attachment, UploadProblem>, AppError> {
        if self.size > self.limit() {
            return Ok(Err(UploadProblem::TooLarge {
                max_mb: self.max_mb,
            }));
        }
        if self.size == 0 {
            return Ok(Err(UploadProblem::Empty));
        }
        let Some(kind) = detect(&self.head) else {
            return Ok(Err(UploadProblem::Unsupported));
        };
        let Some(mut file) = self.file.take() else {
            return Err(AppError::Internal);
        };
        file.flush().await.map_err(storage_error)?;
        file.sync_all().await.map_err(storage_error)?;
        drop(file);
        let storage_key = self.id.to_string();
        tokio::fs::rename(
            Self::partial_path(&self.dir, self.id),
            self.dir.join(&storage_key),
        )
        .await
        .map_err(storage_error)?;
        self.kept = true;
        let attachment = Attachment {
            id: self.id,
            name: sanitise_name(name, kind),
            mime: kind.mime.to_owned(),
            size: self.size,
        };
        let stored = StoredFile {
            attachment: attachment.clone(),
            project_id: uploader.project_id(),
            uploader_kind: uploader.kind(),
            uploader_id: uploader.author_id(),
            storage_key: storage_key.clone(),
            conversation_id: None,
            visitor_id: match uploader {
                Participant::Visitor(visitor) => Some(visitor.id),
                Participant::Agent(_) => None,
            },
        };
        if let Err(error) = attachments::insert(&state.db, &stored, Timestamp::now()).await {
            // No row, no file: nothing half-written stays behind.
            let _ = tokio::fs::remove_file(self.dir.join(&storage_key)).await;
            return Err(error.into());
        }
        Ok(Ok(attachment))
    }
}

fn storage_error(error: std::io::Error) -> AppError {
    tracing::error!(%error, "upload not stored");
    AppError::Internal
}

impl Drop for Upload {
    fn drop(&mut self) {
        if !self.kept {
            self.file = None;
            let _ = std::fs::remove_file(Self::partial_path(&self.dir, self.id));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::backend::db::visitors::VisitorRef;
    use crate::models::{CurrentUser, Language, ProjectId, Role, UserId, VisitorId};

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(detect(PNG).unwrap().mime, "image/png");
        assert_eq!(detect(b"%PDF-1.7\n").unwrap().mime, "application/pdf");
        assert_eq!(
            detect("héllo\nwörld\t1".as_bytes()).unwrap().mime,
            "text/plain"
        );
        // A multi-byte character cut by the end of the sniffed part is still text.
        assert_eq!(detect(&"héé".as_bytes()[..4]).unwrap().mime, "text/plain");
    }

    #[test]
    fn markup_programs_and_binary_junk_are_refused() {
        for refused in [
            &br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#[..],
            b"<?xml version=\"1.0\"?><svg/>",
            b"  <!DOCTYPE html><p>hi",
            b"<HTML><body onload=alert(1)>",
            b"just text <Script>alert(1)</script>",
            b"MZ\x90\0\x03\0\0\0\x04\0\0\0",
            b"\x7fELF\x02\x01\x01\0",
            b"text with a \0 nul",
            b"\xff\xfe\xfd",
            b"   \n ",
        ] {
            assert_eq!(
                detect(refused),
                None,
                "{:?}",
                String::from_utf8_lossy(refused)
            );
        }
    }

    #[test]
    fn only_raster_pictures_audio_and_video_are_inline() {
        for inline in [
            "image/png",
            "image/jpeg",
            "image/gif",
            "image/webp",
            "audio/mpeg",
            "video/mp4",
        ] {
            assert!(shown_inline(inline), "{inline}");
        }
        for download in [
            "image/svg+xml",
            "text/html",
            "text/plain",
            "application/pdf",
            "image/tiff",
            "application/octet-stream",
        ] {
            assert!(!shown_inline(download), "{download}");
        }
        assert_eq!(
            content_disposition("image/svg+xml", "a b\".svg"),
            "attachment; filename*=UTF-8''a%20b%22.svg"
        );
        assert_eq!(
            content_disposition("image/png", "日.png"),
            "inline; filename*=UTF-8''%E6%97%A5.png"
        );
    }

    #[test]
    fn names_are_cleaned_and_end_in_the_detected_type() {
        let png = kind_of("image/png").unwrap();
        let jpeg = kind_of("image/jpeg").unwrap();
        assert_eq!(sanitise_name("../../etc/passwd", &TEXT), "passwd.txt");
        assert_eq!(sanitise_name("C:\\Users\\me\\photo.PNG", png), "photo.PNG");
        assert_eq!(sanitise_name("photo.JPEG", jpeg), "photo.JPEG");
        assert_eq!(sanitise_name("invoice.pdf", png), "invoice.pdf.png");
        assert_eq!(sanitise_name("...hidden", png), "hidden.png");
        assert_eq!(sanitise_name(".png", png), "png.png");
        assert_eq!(sanitise_name("a\u{0}b\nc\u{1b}.png", png), "abc.png");
        assert_eq!(sanitise_name("what?<x>.png", png), "what__x_.png");
        assert_eq!(sanitise_name("", png), "file.png");
        assert_eq!(sanitise_name("  /  ", png), "file.png");
        let long = "x".repeat(500);
        assert_eq!(sanitise_name(&long, png).chars().count(), 124);
        for name in ["a/b", "a\\b", "..", "\u{7}"] {
            let clean = sanitise_name(name, &TEXT);
            assert!(
                !clean.contains(['/', '\\']) && !clean.starts_with('.'),
                "{clean}"
            );
            assert!(!clean.chars().any(char::is_control), "{clean}");
        }
    }

    fn visitor(project: ProjectId) -> Participant {
        Participant::Visitor(VisitorRef {
            id: VisitorId::new(),
            project_id: project,
        })
    }

    fn agent(project: ProjectId) -> Participant {
        Participant::Agent(CurrentUser {
            id: UserId::new(),
            email: "a@example.com".to_owned(),
            display_name: "A".to_owned(),
            role: Role::Agent,
            project_id: project,
            language: Language::default(),
        })
    }

    fn file(project: ProjectId, by: &Participant) -> StoredFile {
        StoredFile {
            attachment: Attachment {
                id: Uuid::new_v4(),
                name: "a.png".to_owned(),
                mime: "image/png".to_owned(),
                size: 1,
            },
            project_id: project,
            uploader_kind: by.kind(),
            uploader_id: by.author_id(),
            storage_key: "k".to_owned(),
            conversation_id: None,
            visitor_id: match by {
                Participant::Visitor(visitor) => Some(visitor.id),
                Participant::Agent(_) => None,
            },
        }
    }

    #[test]
    fn files_are_their_owners_and_their_conversations() {
        let project = ProjectId::new();
        let (me, other) = (visitor(project), visitor(project));
        let (agent_one, agent_two) = (agent(project), agent(project));
        let mine = file(project, &me);
        assert_eq!(access(&me, &mine), Access::Granted);
        assert_eq!(access(&other, &mine), Access::Denied);
        // Unsent: only its uploader.
        assert_eq!(access(&agent_one, &mine), Access::Denied);
        let drafted = file(project, &agent_one);
        assert_eq!(access(&agent_one, &drafted), Access::Granted);
        assert_eq!(access(&agent_two, &drafted), Access::Denied);
        assert_eq!(access(&me, &drafted), Access::Denied);
        // Sent: the conversation's visitor, and agents who may see it.
        let conversation = ConversationId::new();
        let sent = StoredFile {
            conversation_id: Some(conversation),
            ..mine.clone()
        };
        assert_eq!(access(&me, &sent), Access::Granted);
        assert_eq!(access(&agent_two, &sent), Access::IfSees(conversation));
        // Another project's people: never.
        let elsewhere = ProjectId::new();
        assert_eq!(access(&agent(elsewhere), &sent), Access::Denied);
    }
}

//! A file in a message: pictures show as previews, audio and video as players, anything
//! else as a download link with its name and size. The file's address carries the visitor's
//! token in the widget (an `<img>` cannot send headers); agents' pages use their cookie.
use crate::realtime::protocol::{Attachment, Content};
use leptos::prelude::*;

#[cfg(feature = "browser")]
thread_local! {
    static VISITOR_TOKEN: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Remembers the widget's visitor token for file addresses (widget only).
#[cfg(feature = "browser")]
pub fn set_visitor_token(token: &str) {
    VISITOR_TOKEN.with(|stored| *stored.borrow_mut() = token.to_owned());
}

/// `path` with the visitor's token when there is one (`/files`, `/files/{id}`).
pub fn with_credentials(path: &str) -> String {
    #[cfg(feature = "browser")]
    {
        let token = VISITOR_TOKEN.with(|stored| stored.borrow().clone());
        if !token.is_empty() {
            return format!("{path}?visitor={token}");
        }
    }
    path.to_owned()
}

/// How a file is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Preview {
    Picture,
    Video,
    Audio,
    Download,
}

/// Only the types the server serves inline are previewed (raster pictures, audio, video).
fn preview_of(mime: &str) -> Preview {
    match mime {
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" => Preview::Picture,
        _ if mime.starts_with("video/") => Preview::Video,
        _ if mime.starts_with("audio/") => Preview::Audio,
        _ => Preview::Download,
    }
}

/// A size people read: bytes, KB or MB with one decimal (integer maths: no float
/// formatting in the widget's bundle).
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    if bytes < KB {
        return format!("{bytes} B");
    }
    if bytes < KB * KB {
        return format!("{} KB", bytes.div_ceil(KB));
    }
    let tenths = (bytes * 10).div_ceil(KB * KB);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// The file a message carries, if any, as it shows in the bubble.
pub fn attachment_of(content: &Content) -> Option<impl IntoView + use<>> {
    match content {
        Content::Attachment(file) => Some(view! { <AttachmentView file=file.clone() /> }),
        _ => None,
    }
}

/// One file: preview, player or download link. One element type whose tag and attributes
/// are chosen at run time: four `view!` branches cost the widget's bundle four times.
#[component]
pub fn AttachmentView(file: Attachment) -> impl IntoView {
    use leptos::html::custom;
    use leptos::tachys::html::attribute::custom::CustomAttribute;
    let Attachment {
        id,
        name,
        mime,
        size,
    } = file;
    let url = with_credentials(&format!("/files/{id}"));
    // Tag, class, address attribute, name attribute, one more attribute, text.
    let (tag, class, link, label, (extra, value), text) = match preview_of(&mime) {
        Preview::Picture => (
            "img",
            "attachment-picture",
            "src",
            "alt",
            ("loading", "lazy"),
            String::new(),
        ),
        Preview::Video => (
            "video",
            "attachment-player",
            "src",
            "aria-label",
            ("controls", ""),
            String::new(),
        ),
        Preview::Audio => (
            "audio",
            "attachment-player",
            "src",
            "aria-label",
            ("controls", ""),
            String::new(),
        ),
        Preview::Download => (
            "a",
            "attachment-file",
            "href",
            "download",
            ("rel", "noopener"),
            format!("{name} ({})", human_size(size)),
        ),
    };
    custom(tag)
        .attr("class", class)
        .attr(link, url)
        .attr(label, name)
        .attr(extra, value)
        .child(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_types_are_previewed() {
        assert_eq!(preview_of("image/png"), Preview::Picture);
        assert_eq!(preview_of("image/webp"), Preview::Picture);
        assert_eq!(preview_of("video/mp4"), Preview::Video);
        assert_eq!(preview_of("audio/mpeg"), Preview::Audio);
        for download in [
            "image/svg+xml",
            "image/tiff",
            "text/html",
            "application/pdf",
        ] {
            assert_eq!(preview_of(download), Preview::Download, "{download}");
        }
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(1500), "2 KB");
        assert_eq!(human_size(1024 * 1024), "1.0 MB");
        assert_eq!(human_size(20 * 1024 * 1024 - 1), "20.0 MB");
        assert_eq!(human_size(1536 * 1024), "1.5 MB");
    }
}

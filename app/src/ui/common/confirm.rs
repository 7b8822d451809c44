//! Asking the person before something that cannot be undone easily.

/// Shows the browser's confirmation dialog with `question`; true when the person agrees
/// (always true when rendered on the server, where nobody clicks).
pub fn confirmed(question: &str) -> bool {
    #[cfg(feature = "browser")]
    {
        web_sys::window()
            .and_then(|window| window.confirm_with_message(question).ok())
            .unwrap_or(false)
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = question;
        true
    }
}

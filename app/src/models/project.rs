//! Projects: one business (tenant) with a public key for its widget.
use super::ids::ProjectId;
use serde::{Deserialize, Serialize};

/// The public key a website puts in its install snippet. Not a secret, but unguessable enough
/// that keys cannot be enumerated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProjectKey(String);

impl ProjectKey {
    /// Accepts only the shape keys are generated in (URL-safe, 8 to 64 characters), so a
    /// malformed key is rejected before any lookup.
    pub fn parse(text: &str) -> Option<Self> {
        let valid_len = (8..=64).contains(&text.len());
        let valid_chars = text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
        (valid_len && valid_chars).then(|| Self(text.to_owned()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the surfaces show about a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    /// Its id.
    pub id: ProjectId,
    /// Its display name.
    pub name: String,
    /// Its public widget key.
    pub key: ProjectKey,
}

/// The one line a customer pastes into their site.
pub fn install_snippet(public_url: &str, key: &ProjectKey) -> String {
    let base = public_url.trim_end_matches('/');
    format!(
        r#"<script src="{base}/widget.js" data-project="{}" async></script>"#,
        key.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_must_look_like_generated_keys() {
        assert!(ProjectKey::parse("abcDEF12_-").is_some());
        assert!(ProjectKey::parse("short").is_none());
        assert!(ProjectKey::parse("has space in it").is_none());
        assert!(ProjectKey::parse("<script>alert(1)</script>").is_none());
        assert!(ProjectKey::parse(&"a".repeat(65)).is_none());
    }

    #[test]
    fn snippet_points_at_the_loader() {
        let key = ProjectKey::parse("demo_key_1234")
            .map(|key| install_snippet("https://chat.example.com/", &key));
        assert_eq!(
            key.as_deref(),
            Some(
                r#"<script src="https://chat.example.com/widget.js" data-project="demo_key_1234" async></script>"#
            )
        );
    }
}

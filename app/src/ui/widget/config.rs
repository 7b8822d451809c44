//! What the server tells the widget about itself, embedded in the iframe's document.
use crate::realtime::wire::node::JsonNode;
use crate::realtime::wire::read::whole;
use serde::{Deserialize, Serialize};

/// Id of the `<script type="application/json">` element that carries the config.
pub const CONFIG_ELEMENT_ID: &str = "parley-widget";

/// The widget's start-up facts, decided by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetConfig {
    /// The project's public key (already checked to exist).
    pub project_key: String,
    /// Business name shown in the header.
    pub project_name: String,
    /// UI locale tag (`en`, `zh-Hans`, `zh-Hant`), from the visitor's `Accept-Language`.
    pub locale: String,
    /// The project's greeting under its name (empty: the standard line).
    pub greeting: String,
    /// The pre-chat form's fields, whether the offline form is on and whether someone could
    /// answer when the page was made (an agent online, inside business hours), in one byte:
    /// [`crate::models::visitor_forms::VisitorForms::widget_code`].
    pub forms: u8,
}

/// Where the widget keeps the visitor's token for a project (the iframe's localStorage); the
/// email fallback's return link writes the same key.
pub fn visitor_token_key(project_key: &str) -> String {
    format!("parley.visitor.{project_key}")
}

/// `value` as JSON safe to place inside a `<script>` element: `<` is escaped, so no text in
/// it can close the element (`null` when it cannot be encoded).
pub fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".to_owned())
        .replace('<', "\\u003c")
}

impl WidgetConfig {
    /// The config as JSON safe inside a `<script>` element (see [`script_json`]).
    pub fn to_script_json(&self) -> String {
        script_json(self)
    }

    /// Reads the config the page carries (parsed by the browser, see
    /// [`crate::realtime::wire`]); `None` when a member is missing or of the wrong type.
    pub fn read<J: JsonNode>(config: &J) -> Option<Self> {
        let text = |name: &str| config.member(name)?.text();
        Some(Self {
            project_key: text("project_key")?,
            project_name: text("project_name")?,
            locale: text("locale")?,
            greeting: text("greeting")?,
            forms: whole(&config.member("forms")?)?,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let config = WidgetConfig {
            project_key: "k".into(),
            project_name: "</script><script>alert(1)</script>".into(),
            locale: "en".into(),
            greeting: "<b>hi</b>".into(),
            forms: 0x62,
        };
        let json = config.to_script_json();
        assert!(!json.contains("</script"));
        let back: WidgetConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back, config);
        // As the widget reads it in the browser.
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(WidgetConfig::read(&parsed), Some(config));
    }

    #[test]
    fn a_config_with_a_missing_or_mistyped_member_is_not_read() {
        for json in [
            serde_json::json!({"project_key": "k", "project_name": "n", "locale": "en", "greeting": ""}),
            serde_json::json!({"project_key": "k", "project_name": "n", "locale": "en", "greeting": "", "forms": 300}),
            serde_json::json!({"project_key": 1, "project_name": "n", "locale": "en", "greeting": "", "forms": 0}),
        ] {
            assert_eq!(WidgetConfig::read(&json), None, "{json}");
        }
    }
}

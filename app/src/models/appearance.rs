//! How a project's widget looks on its customers' sites: colour, greeting, side of the page.
//! Values are checked strictly here because they end up in CSS and in the loader.
use crate::errors::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};

/// Longest greeting accepted.
pub const MAX_GREETING_LEN: usize = 300;

/// The colour the widget uses when the project chose none.
pub const DEFAULT_COLOR: &str = "#4f46e5";

/// Which bottom corner the bubble sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WidgetPosition {
    /// Bottom left.
    Left,
    /// Bottom right (the default).
    #[default]
    Right,
}

impl WidgetPosition {
    /// As stored and sent (`left` / `right`).
    pub fn as_str(self) -> &'static str {
        match self {
            WidgetPosition::Left => "left",
            WidgetPosition::Right => "right",
        }
    }

    /// From stored or typed text; anything else is the default side.
    pub fn from_text(text: &str) -> Self {
        if text == "left" {
            WidgetPosition::Left
        } else {
            WidgetPosition::Right
        }
    }
}

/// The widget's appearance settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appearance {
    /// `#rrggbb`, lower-case.
    pub color: String,
    /// Shown at the top of the chat panel (empty: the standard line).
    pub greeting: String,
    /// Bubble corner.
    pub position: WidgetPosition,
}

impl Default for Appearance {
    fn default() -> Self {
        Self {
            color: DEFAULT_COLOR.to_owned(),
            greeting: String::new(),
            position: WidgetPosition::Right,
        }
    }
}

/// Accepts exactly `#rrggbb` (what a colour input gives), lower-cased; nothing that could
/// carry more CSS.
pub fn parse_color(input: &str) -> Result<String, FieldError> {
    let input = input.trim();
    let hex = input.strip_prefix('#').unwrap_or("");
    if hex.len() == 6 && hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        Ok(format!("#{}", hex.to_ascii_lowercase()))
    } else {
        Err(FieldError::new("color", FieldProblem::InvalidColor))
    }
}

/// Trims the greeting and checks its length.
pub fn parse_greeting(input: &str) -> Result<String, FieldError> {
    let greeting = input.trim();
    if greeting.chars().count() > MAX_GREETING_LEN {
        return Err(FieldError::new(
            "greeting",
            FieldProblem::TooLong {
                max: MAX_GREETING_LEN,
            },
        ));
    }
    Ok(greeting.to_owned())
}

/// CSS custom properties for the widget's document (the colour is already checked).
pub fn widget_css(appearance: &Appearance) -> String {
    let color = parse_color(&appearance.color).unwrap_or_else(|_| DEFAULT_COLOR.to_owned());
    format!(":root{{--color-brand:{color};--gradient-brand:{color};--color-brand-text:{color}}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_six_digit_hex_colours_pass() {
        assert_eq!(parse_color(" #A1b2C3 "), Ok("#a1b2c3".to_owned()));
        for bad in [
            "",
            "red",
            "#fff",
            "#12345g",
            "a1b2c3",
            "#a1b2c3;}body{display:none",
        ] {
            assert!(parse_color(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn greetings_are_trimmed_and_bounded() {
        assert_eq!(parse_greeting("  Hi there!  "), Ok("Hi there!".to_owned()));
        assert!(parse_greeting(&"x".repeat(MAX_GREETING_LEN + 1)).is_err());
        assert_eq!(parse_greeting(""), Ok(String::new()));
    }

    #[test]
    fn css_carries_only_a_checked_colour() {
        let css = widget_css(&Appearance {
            color: "#abcdef".into(),
            ..Appearance::default()
        });
        assert_eq!(
            css,
            ":root{--color-brand:#abcdef;--gradient-brand:#abcdef;--color-brand-text:#abcdef}"
        );
        let hostile = widget_css(&Appearance {
            color: "red}</style><script>".into(),
            ..Appearance::default()
        });
        assert!(hostile.contains(DEFAULT_COLOR) && !hostile.contains("script"));
    }

    #[test]
    fn positions_round_trip() {
        for position in [WidgetPosition::Left, WidgetPosition::Right] {
            assert_eq!(WidgetPosition::from_text(position.as_str()), position);
        }
        assert_eq!(WidgetPosition::from_text("middle"), WidgetPosition::Right);
    }
}

//! The iframe's HTML document (server side): the config, the stylesheet and the widget's own
//! bundle. Rendered with Leptos so every value is escaped.
use super::config::{CONFIG_ELEMENT_ID, WidgetConfig};
use leptos::prelude::*;

/// Where the widget bundle is served from, under the site root (`cargo make widget`).
pub const ASSETS_PATH: &str = "/widget";
/// The bundle's file stem (`.js`, `_bg.wasm`, `.css`).
pub const BUNDLE_NAME: &str = "parley-widget";

/// The complete document for `config`; `theme` is the project's checked colour as CSS
/// custom properties ([`crate::models::appearance::widget_css`]).
pub fn widget_document(config: &WidgetConfig, theme: &str) -> String {
    let script = format!("{ASSETS_PATH}/{BUNDLE_NAME}.js");
    let wasm = format!("{ASSETS_PATH}/{BUNDLE_NAME}_bg.wasm");
    let css = format!("{ASSETS_PATH}/{BUNDLE_NAME}.css");
    let boot = format!("import init from '{script}';init({{module_or_path:'{wasm}'}});");
    let config_json = config.to_script_json();
    let owner = Owner::new();
    let body = owner.with(|| {
        view! {
            <html lang=config.locale.clone()>
                <head>
                    <meta charset="utf-8" />
                    <meta name="viewport" content="width=device-width, initial-scale=1" />
                    <meta name="color-scheme" content="light" />
                    <title>{config.project_name.clone()}</title>
                    <link rel="stylesheet" href=css />
                    <style inner_html=theme.to_owned()></style>
                    <link rel="modulepreload" href=script />
                    <link rel="preload" href=wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin="" />
                    <script type="application/json" id=CONFIG_ELEMENT_ID inner_html=config_json></script>
                    <script type="module" inner_html=boot></script>
                </head>
                <body class="widget-body"></body>
            </html>
        }
        .to_html()
    });
    format!("<!DOCTYPE html>{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(name: &str) -> WidgetConfig {
        WidgetConfig {
            project_key: "pk_test".into(),
            project_name: name.into(),
            locale: "zh-Hans".into(),
            greeting: String::new(),
            forms: 0,
        }
    }

    #[test]
    fn names_the_locale_the_bundle_and_the_config() {
        let html = widget_document(&config("Demo Shop"), ":root{--color-brand:#123456}");
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"zh-Hans\">"),
            "{html}"
        );
        assert!(html.contains("<title>Demo Shop</title>"), "{html}");
        assert!(html.contains("/widget/parley-widget_bg.wasm"), "{html}");
        assert!(html.contains("\"project_key\":\"pk_test\""), "{html}");
        assert!(
            html.contains("<style>:root{--color-brand:#123456}</style>"),
            "{html}"
        );
    }

    #[test]
    fn a_hostile_project_name_stays_text() {
        let html = widget_document(&config("<img src=x onerror=alert(1)></script>"), "");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("<title>&lt;img"), "{html}");
        assert!(html.contains("\\u003cimg"), "{html}");
        // Only the two script elements of the template are closed.
        assert_eq!(html.matches("</script>").count(), 2, "{html}");
    }
}

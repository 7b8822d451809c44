//! Generates the `i18n` module from `locales/*.json` at compile time (leptos_i18n).
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let module_dir = PathBuf::from(out_dir).join("i18n");
    // `interpolate_display` lets `t_string!` fill values such as `{{ minutes }}` in messages.
    let config = Config::new("en")
        .and_then(|config| config.add_locales(["zh-Hans", "zh-Hant"]))
        .map(|config| config.parse_options(ParseOptions::new().interpolate_display(true)));
    let config = match config {
        Ok(config) => config,
        Err(error) => panic!("invalid i18n configuration: {error}"),
    };
    let translations = match TranslationsInfos::parse(config) {
        Ok(translations) => translations,
        Err(error) => panic!("cannot parse app/locales: {error}"),
    };
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    if let Err(error) = translations.generate_i18n_module(module_dir) {
        panic!("cannot generate the i18n module: {error}");
    }
}

//! "Attach a file" beside the composer: the chosen file is uploaded to `POST /files` with
//! its progress shown, then handed to `on_file` to be sent as a message. Refusals (too
//! large, a type that is not accepted) show in the same status line.
use super::language::use_locale;
use crate::i18n::*;
use crate::models::ConversationId;
use crate::realtime::protocol::Attachment;
use leptos::prelude::*;

/// Where an upload stands: idle (0), one more than the percentage sent (1 to 101), or the
/// refusal's HTTP status (400 and up; a network failure counts as 500). One `u32`: the widget
/// already has signals of that type, and every new one costs its bundle.
const IDLE: u32 = 0;

/// The status line for `state` (empty when idle).
fn status_text(locale: Locale, state: u32) -> String {
    match state {
        IDLE => String::new(),
        1..=101 => format!("{} {}%", td_string!(locale, widget.uploading), state - 1),
        413 => td_string!(locale, widget.upload_too_large).to_owned(),
        415 => td_string!(locale, widget.upload_refused).to_owned(),
        _ => td_string!(locale, widget.upload_failed).to_owned(),
    }
}

/// The attach button (a labelled file input) and its status line.
#[component]
pub fn AttachControl(
    /// The conversation agents upload into (visitors: none).
    conversation: Option<ConversationId>,
    /// Called with the stored file once uploaded.
    on_file: Callback<Attachment>,
) -> impl IntoView {
    let locale = use_locale().get_untracked();
    let state = RwSignal::new(IDLE);
    let on_change = move |event: leptos::ev::Event| {
        #[cfg(feature = "browser")]
        upload(event, conversation, state, on_file);
        #[cfg(not(feature = "browser"))]
        let _ = (event, conversation, on_file);
    };
    view! {
        // The paper clip is drawn by the stylesheet; the title names it for mouse users.
        <label class="attach-button" title=td_string!(locale, widget.attach)>
            <input type="file" class="visually-hidden" aria-label=td_string!(locale, widget.attach) on:change=on_change />
        </label>
        <p class="attach-status" role="status">{move || status_text(locale, state.get())}</p>
    }
}

#[cfg(feature = "browser")]
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function parleyUpload(i,u,c,p){\
const f=i.files[0];if(!f)return;\
const d=new FormData();if(c)d.append('conversation_id',c);d.append('file',f);i.value='';\
const x=new XMLHttpRequest();x.upload.onprogress=e=>{if(e.lengthComputable)p(1+Math.floor(e.loaded*100/e.total))};\
x.onloadend=()=>p(x.status==201?x.responseText:x.status||500);x.open('POST',u);x.send(d)}")]
extern "C" {
    /// Sends the input's file with `XMLHttpRequest` (the one browser API that reports upload
    /// progress; a few lines of JavaScript cost the widget less than its bindings). `report`
    /// receives one more than the percentage sent while it goes, then the stored file's JSON
    /// or the refusal's status.
    #[wasm_bindgen::prelude::wasm_bindgen(js_name = parleyUpload)]
    fn parley_upload(
        input: &wasm_bindgen::JsValue,
        url: &str,
        conversation: &str,
        report: &wasm_bindgen::JsValue,
    );
}

#[cfg(feature = "browser")]
fn upload(
    event: leptos::ev::Event,
    conversation: Option<ConversationId>,
    state: RwSignal<u32>,
    on_file: Callback<Attachment>,
) {
    use wasm_bindgen::JsValue;
    use wasm_bindgen::closure::Closure;
    let Some(input) = event.target() else {
        return;
    };
    let report =
        Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| match value.as_string() {
            Some(json) => match crate::realtime::wire::node::parse(&json)
                .and_then(|json| crate::realtime::wire::read::attachment(&json))
            {
                Some(file) => {
                    state.set(IDLE);
                    on_file.run(file);
                }
                None => state.set(500),
            },
            None => state.set(value.as_f64().unwrap_or(500.0) as u32),
        });
    let conversation = conversation.map(|id| id.to_string()).unwrap_or_default();
    let url = super::attachment_view::with_credentials("/files");
    parley_upload(&input, &url, &conversation, report.as_ref());
    // Called until the upload ends, so it cannot be dropped here: one small closure per
    // chosen file stays behind (freeing it would cost the widget more than it keeps).
    report.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_line_says_progress_and_refusals() {
        let locale = Locale::en;
        assert_eq!(status_text(locale, IDLE), "");
        assert_eq!(status_text(locale, 1), "Uploading… 0%");
        assert_eq!(status_text(locale, 101), "Uploading… 100%");
        assert_eq!(status_text(locale, 413), "This file is too large to send.");
        assert_eq!(
            status_text(locale, 415),
            "This type of file cannot be sent."
        );
        for failed in [400, 403, 500] {
            assert_eq!(
                status_text(locale, failed),
                "The file could not be sent. Please try again."
            );
        }
    }
}

//! "Attach a file" beside the composer: the chosen file is uploaded to `POST /files` with
//! its progress shown, then handed to `on_file` to be sent as a message. Refusals (too
//! large, a type that is not accepted) show in the same status line.
use super::language::use_locale;
use crate::i18n::*;
use crate::models::ConversationId;
use crate::realtime::protocol::Attachment;
use leptos::prelude::*;

/// Where an upload stands: idle (-1), a percentage (0 to 100) or the refusal's HTTP status
/// (above 100; a network failure counts as 101). One number: every new type costs the
/// widget's bundle.
const IDLE: i32 = -1;

/// The status line for `state` (empty when idle).
fn status_text(locale: Locale, state: i32) -> String {
    match state {
        IDLE => String::new(),
        0..=100 => format!("{} {state}%", td_string!(locale, widget.uploading)),
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
        leptos::task::spawn_local(upload(event, conversation, state, on_file));
        #[cfg(not(feature = "browser"))]
        let _ = (event, conversation, on_file);
    };
    view! {
        // The paper clip is drawn by the stylesheet.
        <label class="attach-button">
            <input type="file" class="visually-hidden" aria-label=td_string!(locale, widget.attach) on:change=on_change />
        </label>
        <p class="attach-status" role="status">{move || status_text(locale, state.get())}</p>
    }
}

#[cfg(feature = "browser")]
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function parleyUpload(i,u,c,p){\
const f=i.files[0];if(!f)return Promise.resolve(0);\
const d=new FormData();if(c)d.append('conversation_id',c);d.append('file',f);i.value='';\
const x=new XMLHttpRequest();x.upload.onprogress=e=>{if(e.lengthComputable)p(Math.floor(e.loaded*100/e.total))};\
return new Promise(r=>{x.onloadend=()=>r(x.status==201?x.responseText:Math.max(x.status,101));\
x.open('POST',u);x.send(d)})}")]
extern "C" {
    /// Sends the input's file with `XMLHttpRequest` (the one browser API that reports upload
    /// progress; a few lines of JavaScript cost the widget less than its bindings) and
    /// resolves with the stored file's JSON, or the refusal's status (0: nothing chosen).
    #[wasm_bindgen::prelude::wasm_bindgen(js_name = parleyUpload)]
    fn parley_upload(
        input: &wasm_bindgen::JsValue,
        url: &str,
        conversation: &str,
        progress: &wasm_bindgen::JsValue,
    ) -> js_sys::Promise;
}

#[cfg(feature = "browser")]
async fn upload(
    event: leptos::ev::Event,
    conversation: Option<ConversationId>,
    state: RwSignal<i32>,
    on_file: Callback<Attachment>,
) {
    use wasm_bindgen::closure::Closure;
    let Some(input) = event.target() else {
        return;
    };
    let progress = Closure::<dyn FnMut(i32)>::new(move |percent| state.set(percent));
    let conversation = conversation.map(|id| id.to_string()).unwrap_or_default();
    let url = super::attachment_view::with_credentials("/files");
    let promise = parley_upload(&input, &url, &conversation, progress.as_ref());
    let answer = js_sys::futures::JsFuture::from(promise).await;
    // The progress callback lives until the upload is over.
    drop(progress);
    let answer = answer.unwrap_or_default();
    match answer.as_string() {
        Some(json) => match serde_json::from_str::<Attachment>(&json) {
            Ok(file) => {
                state.set(IDLE);
                on_file.run(file);
            }
            Err(_) => state.set(500),
        },
        None => match answer.as_f64() {
            Some(0.0) => {}
            Some(status) => state.set(status as i32),
            None => state.set(500),
        },
    }
}

//! The widget's two forms as one component with one submit path: the pre-chat form (the
//! details the project asks for, then the chat) and the offline form (a message and an email
//! address, answered by email). Kept small: the widget's bundle pays for every line.
use crate::i18n::*;
use crate::models::visitor_forms::{ASK_REQUIRED, ask_of};
use leptos::prelude::*;

/// The form; `offline` picks which, `forms` is the server's code (the pre-chat fields), and
/// it shows while `shown`. `sent` becomes 1 once the details are stored, 2 once the offline
/// message is. A plain function, not a component: the bundle is smaller.
pub fn visitor_form(
    offline: bool,
    forms: u8,
    locale: Locale,
    project_key: String,
    sent: RwSignal<u8>,
    shown: impl Fn() -> bool + Send + Sync + 'static,
) -> impl IntoView {
    // The offline form asks only for an email address, besides the message.
    let asks = if offline {
        [0, ASK_REQUIRED, 0]
    } else {
        [ask_of(forms, 0), ask_of(forms, 1), ask_of(forms, 2)]
    };
    let error = RwSignal::new("");
    // Every field is drawn, those not asked for hidden and disabled (so neither checked nor
    // sent): one element type for all of them costs the bundle less than optional ones.
    let field = move |ask: u8, label: &'static str, name: &'static str, kind: &'static str| {
        view! {
            <label hidden=ask == 0>
                {label}
                <input name=name type=kind autocomplete=kind required=ask == ASK_REQUIRED disabled=ask == 0 />
            </label>
        }
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        #[cfg(feature = "browser")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let path = if offline {
                "/api/offline_message"
            } else {
                "/api/visitor_details"
            };
            let project_key = project_key.clone();
            leptos::task::spawn_local(async move {
                let status = super::browser::post_form(&project_key, path, &form).await;
                error.set(match status {
                    200 => {
                        sent.set(1 + u8::from(offline));
                        ""
                    }
                    403 => td_string!(locale, widget.blocked),
                    _ => td_string!(locale, widget.form_failed),
                });
            });
        }
        #[cfg(not(feature = "browser"))]
        let _ = (&project_key, sent);
    };
    view! {
        <form class="widget-form" hidden=move || !shown() on:submit=submit>
            <p>
                {if offline {
                    td_string!(locale, widget.offline_intro)
                } else {
                    td_string!(locale, widget.prechat_intro)
                }}
            </p>
            {field(asks[0], td_string!(locale, widget.name), "name", "name")}
            {field(asks[1], td_string!(locale, widget.email), "email", "email")}
            {field(asks[2], td_string!(locale, widget.phone), "phone", "tel")}
            <label hidden=!offline>
                {td_string!(locale, widget.message)}
                <textarea name="message" rows="4" required maxlength="5000" disabled=!offline></textarea>
            </label>
            <p class="widget-status" role="alert">{error}</p>
            <button type="submit" class="button primary">
                {if offline {
                    td_string!(locale, widget.leave_message)
                } else {
                    td_string!(locale, widget.start_chat)
                }}
            </button>
        </form>
    }
}

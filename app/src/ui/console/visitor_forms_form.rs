//! The widget's forms and the team's hours: the pre-chat form's fields, the offline form,
//! business hours with their time zone, and "bot reception first" (stored for the bot to come).
use crate::errors::AppError;
use crate::i18n::*;
use crate::models::visitor_forms::{Ask, VisitorForms, WEEKDAYS, day_text};
use crate::server_fns::visitor_forms::UpdateVisitorForms;
use crate::ui::common::field_error::{FieldMessage, FormMessage};
use leptos::prelude::*;

type Text = fn(leptos_i18n::I18nContext<Locale>) -> String;

/// One pre-chat field's select: not asked, optional or required.
#[component]
fn AskSelect(
    /// The field: `name`, `email` or `phone` (the form's `forms[…]`).
    field: &'static str,
    /// Its visible label.
    label: Text,
    /// The stored choice.
    value: Ask,
    /// The form's latest error.
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("forms-ask-{field}");
    let error_id = match field {
        "name" => "forms-ask-name-error",
        "email" => "forms-ask-email-error",
        _ => "forms-ask-phone-error",
    };
    let options = Ask::ALL
        .into_iter()
        .map(|ask| {
            let text = move || match ask {
                Ask::Off => t_string!(i18n, console.ask_off).to_string(),
                Ask::Optional => t_string!(i18n, console.ask_optional).to_string(),
                Ask::Required => t_string!(i18n, console.ask_required).to_string(),
            };
            view! { <option value=ask.as_str() selected=ask == value>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{move || label(i18n)}</label>
            <select id=id name=format!("forms[{field}]") aria-describedby=error_id>
                {options}
            </select>
            <FieldMessage field id=error_id error />
        </div>
    }
}

/// One weekday's hours, a text like `09:00-17:00` (empty: closed).
#[component]
fn DayField(
    /// `mon` … `sun`.
    day: &'static str,
    /// Its stored hours, as typed.
    value: String,
    /// The form's latest error.
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || match day {
        "mon" => t_string!(i18n, console.day_mon).to_string(),
        "tue" => t_string!(i18n, console.day_tue).to_string(),
        "wed" => t_string!(i18n, console.day_wed).to_string(),
        "thu" => t_string!(i18n, console.day_thu).to_string(),
        "fri" => t_string!(i18n, console.day_fri).to_string(),
        "sat" => t_string!(i18n, console.day_sat).to_string(),
        _ => t_string!(i18n, console.day_sun).to_string(),
    };
    let id = format!("forms-hours-{day}");
    // `FieldMessage` wants a static id; the seven are few.
    let error_id: &'static str = match day {
        "mon" => "forms-hours-mon-error",
        "tue" => "forms-hours-tue-error",
        "wed" => "forms-hours-wed-error",
        "thu" => "forms-hours-thu-error",
        "fri" => "forms-hours-fri-error",
        "sat" => "forms-hours-sat-error",
        _ => "forms-hours-sun-error",
    };
    let invalid = move || {
        error
            .with(|error| error.as_ref().and_then(AppError::field) == Some(day))
            .then_some("true")
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=format!("forms[{day}]")
                type="text"
                inputmode="numeric"
                placeholder="09:00-17:00"
                value=value
                aria-invalid=invalid
                aria-describedby=format!("forms-hours-hint {error_id}")
            />
            <FieldMessage field=day id=error_id error />
        </div>
    }
}

/// The visitor forms card, filled with the stored values.
#[component]
pub fn VisitorFormsCard(forms: VisitorForms) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateVisitorForms>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let saved = move || update.value().with(|value| matches!(value, Some(Ok(_))));
    let pending = update.pending();
    let days = WEEKDAYS
        .into_iter()
        .zip(forms.hours.0)
        .map(|(day, hours)| view! { <DayField day value=day_text(hours) error /> })
        .collect_view();
    view! {
        <section class="card wide" aria-labelledby="forms-title">
            <h2 id="forms-title">{t!(i18n, console.forms_title)}</h2>
            <p class="muted">{t!(i18n, console.forms_help)}</p>
            <ActionForm action=update attr:class="stack">
                <fieldset class="stack">
                    <legend>{t!(i18n, console.prechat_legend)}</legend>
                    <AskSelect field="name" label=|i18n| t_string!(i18n, console.prechat_name).to_string() value=forms.name error />
                    <AskSelect field="email" label=|i18n| t_string!(i18n, console.prechat_email).to_string() value=forms.email error />
                    <AskSelect field="phone" label=|i18n| t_string!(i18n, console.prechat_phone).to_string() value=forms.phone error />
                </fieldset>
                <label class="check">
                    <input type="checkbox" name="forms[offline_form]" value="on" checked=forms.offline_form />
                    {t!(i18n, console.offline_form)}
                </label>
                <fieldset class="stack">
                    <legend>{t!(i18n, console.hours_legend)}</legend>
                    <p class="field-hint" id="forms-hours-hint">{t!(i18n, console.hours_hint)}</p>
                    {days}
                    <div class="field">
                        <label for="forms-time-zone">{t!(i18n, console.time_zone)}</label>
                        <input
                            id="forms-time-zone"
                            name="forms[time_zone]"
                            type="text"
                            required
                            spellcheck="false"
                            value=forms.time_zone
                            aria-describedby="forms-time-zone-error"
                        />
                        <FieldMessage field="time_zone" id="forms-time-zone-error" error />
                    </div>
                </fieldset>
                <div class="field">
                    <label class="check">
                        <input
                            type="checkbox"
                            name="forms[bot_reception_first]"
                            value="on"
                            checked=forms.bot_reception_first
                            aria-describedby="forms-bot-hint"
                        />
                        {t!(i18n, console.bot_first)}
                    </label>
                    <p class="field-hint" id="forms-bot-hint">{t!(i18n, console.bot_first_hint)}</p>
                </div>
                <FormMessage error />
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || pending.get()>
                        {t!(i18n, console.forms_save)}
                    </button>
                    <span class="muted" role="status">
                        {move || saved().then(|| t_string!(i18n, console.saved).to_string())}
                    </span>
                </div>
            </ActionForm>
        </section>
    }
}

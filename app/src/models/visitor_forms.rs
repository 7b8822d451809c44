//! The widget's forms and the team's hours: which details the pre-chat form asks for, whether
//! the offline form replaces the chat when nobody can answer, the business hours, and the pure
//! rules deciding what the widget shows. The widget's bundle uses only [`widget_form`] and the
//! one-byte code the server sends it ([`VisitorForms::widget_code`]); the rest is for the
//! console and the server.
use crate::errors::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};

/// Minutes in a day: the latest closing time (`24:00`).
pub const DAY_MINUTES: u16 = 24 * 60;

/// Whether the pre-chat form asks for one detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    /// Not asked.
    #[default]
    Off,
    /// Asked; the visitor may leave it empty.
    Optional,
    /// Asked; the form is not sent without it.
    Required,
}

impl Ask {
    /// Every choice, in the order the console lists them.
    pub const ALL: [Ask; 3] = [Ask::Off, Ask::Optional, Ask::Required];

    /// As stored and sent by the console's form.
    pub fn as_str(self) -> &'static str {
        match self {
            Ask::Off => "off",
            Ask::Optional => "optional",
            Ask::Required => "required",
        }
    }

    /// From stored or typed text; `None` for anything else.
    pub fn parse(text: &str) -> Option<Ask> {
        Ask::ALL.into_iter().find(|ask| ask.as_str() == text)
    }

    /// The widget's code: 0 off, 1 optional, 2 required (smaller in its bundle than an enum).
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// The widget's code for "required" (see [`Ask::code`]).
pub const ASK_REQUIRED: u8 = 2;
/// In the widget's code: the offline form is on.
pub const OFFLINE_FORM: u8 = 1 << 6;
/// In the widget's code: someone could answer when the page was made.
pub const AVAILABLE: u8 = 1 << 7;

/// The pre-chat form's ask code (0, 1 or 2) of `field` (0 name, 1 email, 2 phone) in the
/// widget's code.
pub fn ask_of(code: u8, field: u8) -> u8 {
    (code >> (2 * field)) & 3
}

/// Opening hours of one weekday: from `open` to `close`, minutes after local midnight. A
/// `close` before `open` runs past midnight into the next day.
pub type DayHours = (u16, u16);

/// The business hours of a week, Monday first; `None`: closed that day. No day open at all
/// means the project keeps no hours (always open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WeekHours(pub [Option<DayHours>; 7]);

impl WeekHours {
    /// Whether the project keeps business hours at all.
    pub fn is_set(&self) -> bool {
        self.0.iter().any(Option::is_some)
    }

    /// Whether the team is in at `minute` (after local midnight) of `weekday` (0: Monday),
    /// counting yesterday's hours that run past midnight. Always true without hours.
    pub fn open_at(&self, weekday: usize, minute: u16) -> bool {
        if !self.is_set() {
            return true;
        }
        let today = self.0.get(weekday % 7).copied().flatten();
        let yesterday = self.0.get((weekday + 6) % 7).copied().flatten();
        let open_today = today.is_some_and(|(open, close)| {
            if open < close {
                (open..close).contains(&minute)
            } else {
                minute >= open
            }
        });
        let spill = yesterday.is_some_and(|(open, close)| close < open && minute < close);
        open_today || spill
    }

    /// As stored: seven comma-separated days, `open-close` or empty.
    pub fn to_stored(&self) -> String {
        if !self.is_set() {
            return String::new();
        }
        self.0
            .iter()
            .map(|day| day.map_or_else(String::new, |(open, close)| format!("{open}-{close}")))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// From the stored text; `None` when it is not what [`WeekHours::to_stored`] writes.
    pub fn from_stored(text: &str) -> Option<WeekHours> {
        let mut week = [None; 7];
        if text.is_empty() {
            return Some(WeekHours(week));
        }
        let days: Vec<&str> = text.split(',').collect();
        if days.len() != 7 {
            return None;
        }
        for (slot, day) in week.iter_mut().zip(days) {
            if day.is_empty() {
                continue;
            }
            let (open, close) = day.split_once('-')?;
            *slot = Some(checked_day(open.parse().ok()?, close.parse().ok()?)?);
        }
        Some(WeekHours(week))
    }
}

fn checked_day(open: u16, close: u16) -> Option<DayHours> {
    (open < DAY_MINUTES && close <= DAY_MINUTES && close > 0 && open != close)
        .then_some((open, close))
}

/// `HH:MM` (00:00 to 24:00) as minutes after midnight.
fn parse_clock(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    let total = hours.checked_mul(60)?.checked_add(minutes)?;
    (minutes < 60 && total <= DAY_MINUTES).then_some(total)
}

/// One day's hours as the console shows them: `09:00-17:00`, empty when closed.
pub fn day_text(day: Option<DayHours>) -> String {
    day.map_or_else(String::new, |(open, close)| {
        format!(
            "{:02}:{:02}-{:02}:{:02}",
            open / 60,
            open % 60,
            close / 60,
            close % 60
        )
    })
}

/// Checks one day typed in the console (`field` names it in the error): `09:00-17:00`,
/// `22:00-06:00` past midnight, or empty for closed.
pub fn parse_day(field: &str, text: &str) -> Result<Option<DayHours>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let invalid = || FieldError::new(field, FieldProblem::InvalidHours);
    let (open, close) = text
        .split_once('-')
        .or_else(|| text.split_once('–'))
        .ok_or_else(invalid)?;
    let (open, close) = (
        parse_clock(open).ok_or_else(invalid)?,
        parse_clock(close).ok_or_else(invalid)?,
    );
    checked_day(open, close).map(Some).ok_or_else(invalid)
}

/// The console's visitor-forms settings, as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VisitorForms {
    /// The pre-chat form's name field.
    pub name: Ask,
    /// Its email field.
    pub email: Ask,
    /// Its phone field.
    pub phone: Ask,
    /// Whether the offline form replaces the chat when nobody can answer.
    pub offline_form: bool,
    /// When the team is in.
    pub hours: WeekHours,
    /// The IANA time zone the hours are read in.
    pub time_zone: String,
    /// Whether a bot receives visitors before an agent (stored; the bot comes later).
    pub bot_reception_first: bool,
}

impl VisitorForms {
    /// All the widget needs in one byte (one number in its config costs its bundle less than
    /// a structure): bits 0-5 the [`Ask`] codes of name, email and phone, two bits each, then
    /// [`OFFLINE_FORM`] and [`AVAILABLE`].
    pub fn widget_code(&self, available: bool) -> u8 {
        self.name.code()
            | self.email.code() << 2
            | self.phone.code() << 4
            | if self.offline_form { OFFLINE_FORM } else { 0 }
            | if available { AVAILABLE } else { 0 }
    }
}

/// The console's form as typed; the hours Monday first. Checkboxes send `Some` when ticked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VisitorFormsInput {
    /// `off`, `optional` or `required`.
    pub name: String,
    /// Same, for the email.
    pub email: String,
    /// Same, for the phone.
    pub phone: String,
    /// Ticked: offline form on.
    #[serde(default)]
    pub offline_form: Option<String>,
    /// Monday's hours (`09:00-17:00`, empty: closed); and so on.
    pub mon: String,
    /// Tuesday.
    pub tue: String,
    /// Wednesday.
    pub wed: String,
    /// Thursday.
    pub thu: String,
    /// Friday.
    pub fri: String,
    /// Saturday.
    pub sat: String,
    /// Sunday.
    pub sun: String,
    /// IANA time zone name.
    pub time_zone: String,
    /// Ticked: bot reception first.
    #[serde(default)]
    pub bot_reception_first: Option<String>,
}

/// The weekday fields of [`VisitorFormsInput`], Monday first (also the inputs' names).
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl VisitorFormsInput {
    fn days(&self) -> [&str; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }
}

/// Checks the console's form, except the time zone's name (the server knows the zones: it
/// checks it and passes it in `time_zone`).
pub fn parse_visitor_forms(
    input: &VisitorFormsInput,
    time_zone: String,
) -> Result<VisitorForms, FieldError> {
    let ask = |field: &str, text: &str| {
        Ask::parse(text).ok_or_else(|| FieldError::new(field, FieldProblem::Incorrect))
    };
    let mut hours = [None; 7];
    for ((slot, field), text) in hours.iter_mut().zip(WEEKDAYS).zip(input.days()) {
        *slot = parse_day(field, text)?;
    }
    Ok(VisitorForms {
        name: ask("name", &input.name)?,
        email: ask("email", &input.email)?,
        phone: ask("phone", &input.phone)?,
        offline_form: input.offline_form.is_some(),
        hours: WeekHours(hours),
        time_zone,
        bot_reception_first: input.bot_reception_first.is_some(),
    })
}

/// What the widget shows instead of (or before) the chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetForm {
    /// The chat itself.
    Chat,
    /// The pre-chat form: the details the project asks for, then the chat.
    PreChat,
    /// The offline form: a message and an email address, answered by email.
    Offline,
}

/// What the widget shows: a visitor who has a conversation (or just sent the offline form)
/// sees the chat; else, when nobody can answer (no agent online or outside business hours)
/// and the offline form is on, that form; else the pre-chat form while it asks for something
/// the visitor has not given yet; else the chat. `code`: [`VisitorForms::widget_code`].
pub fn widget_form(code: u8, started: bool, identified: bool) -> WidgetForm {
    if started {
        WidgetForm::Chat
    } else if code & (OFFLINE_FORM | AVAILABLE) == OFFLINE_FORM {
        WidgetForm::Offline
    } else if !identified && code & 0x3f != 0 {
        WidgetForm::PreChat
    } else {
        WidgetForm::Chat
    }
}

/// Whether a widget page made with code `now` would greet a visitor without a conversation
/// differently from one made with `then`: another form, or other pre-chat fields. (Whether
/// someone can answer alone changes nothing while the offline form is off.)
pub fn greets_differently(then: u8, now: u8) -> bool {
    widget_form(then, false, false) != widget_form(now, false, false) || (then ^ now) & 0x3f != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_made_again_only_when_its_greeting_changed() {
        let (off, on) = (0, OFFLINE_FORM);
        // Offline form on: someone coming online or going away changes the greeting.
        assert!(greets_differently(on, on | AVAILABLE));
        assert!(greets_differently(on | AVAILABLE, on));
        // Offline form off: the chat either way.
        assert!(!greets_differently(off, off | AVAILABLE));
        assert!(!greets_differently(on | AVAILABLE, on | AVAILABLE));
        // The pre-chat form asks for another field.
        assert!(greets_differently(AVAILABLE | ASK_REQUIRED, AVAILABLE | 1));
        assert!(greets_differently(
            AVAILABLE,
            AVAILABLE | (ASK_REQUIRED << 2)
        ));
    }

    fn nine_to_five() -> WeekHours {
        let day = Some((9 * 60, 17 * 60));
        WeekHours([day, day, day, day, day, None, None])
    }

    #[test]
    fn hours_open_and_close_on_the_minute() {
        let hours = nine_to_five();
        assert!(!hours.open_at(0, 9 * 60 - 1));
        assert!(hours.open_at(0, 9 * 60));
        assert!(hours.open_at(4, 17 * 60 - 1));
        assert!(!hours.open_at(4, 17 * 60));
        assert!(!hours.open_at(5, 12 * 60), "closed on Saturday");
        assert!(!hours.open_at(6, 12 * 60), "closed on Sunday");
    }

    #[test]
    fn overnight_hours_run_into_the_next_day() {
        // Friday 22:00 to Saturday 06:00, nothing else.
        let mut week = [None; 7];
        week[4] = Some((22 * 60, 6 * 60));
        let hours = WeekHours(week);
        assert!(!hours.open_at(4, 21 * 60 + 59));
        assert!(hours.open_at(4, 23 * 60));
        assert!(hours.open_at(5, 0));
        assert!(hours.open_at(5, 6 * 60 - 1));
        assert!(!hours.open_at(5, 6 * 60));
        assert!(!hours.open_at(3, 1), "Thursday night is not Friday night");
        // Sunday night spills into Monday morning.
        let mut week = [None; 7];
        week[6] = Some((20 * 60, 2 * 60));
        assert!(WeekHours(week).open_at(0, 60));
    }

    #[test]
    fn no_hours_means_always_open_and_all_day_works() {
        assert!(WeekHours::default().open_at(3, 3 * 60));
        let mut week = [None; 7];
        week[2] = Some((0, DAY_MINUTES));
        let hours = WeekHours(week);
        assert!(hours.open_at(2, 0));
        assert!(hours.open_at(2, DAY_MINUTES - 1));
        assert!(!hours.open_at(3, 0));
    }

    #[test]
    fn hours_survive_storage() {
        let hours = nine_to_five();
        let stored = hours.to_stored();
        assert_eq!(stored, "540-1020,540-1020,540-1020,540-1020,540-1020,,");
        assert_eq!(WeekHours::from_stored(&stored), Some(hours));
        assert_eq!(WeekHours::from_stored(""), Some(WeekHours::default()));
        assert_eq!(WeekHours::default().to_stored(), "");
        for bad in ["1-2", "540-540,,,,,,", "x-1,,,,,,", "0-1441,,,,,,"] {
            assert_eq!(WeekHours::from_stored(bad), None, "{bad}");
        }
    }

    #[test]
    fn typed_days_are_checked() {
        assert_eq!(parse_day("mon", " "), Ok(None));
        assert_eq!(parse_day("mon", "09:00-17:30"), Ok(Some((540, 1050))));
        assert_eq!(parse_day("mon", "22:00 – 06:00"), Ok(Some((1320, 360))));
        assert_eq!(parse_day("mon", "00:00-24:00"), Ok(Some((0, 1440))));
        for bad in [
            "9-17",
            "09:00",
            "09:00-09:00",
            "25:00-26:00",
            "09:60-10:00",
            "x",
        ] {
            let error = parse_day("tue", bad).err();
            assert_eq!(
                error,
                Some(FieldError::new("tue", FieldProblem::InvalidHours)),
                "{bad}"
            );
        }
        assert_eq!(day_text(Some((540, 1050))), "09:00-17:30");
        assert_eq!(day_text(None), "");
    }

    #[test]
    fn the_console_form_is_parsed_whole() {
        let input = VisitorFormsInput {
            name: "required".into(),
            email: "optional".into(),
            phone: "off".into(),
            offline_form: Some("on".into()),
            mon: "09:00-17:00".into(),
            time_zone: "ignored".into(),
            ..VisitorFormsInput::default()
        };
        let forms = parse_visitor_forms(&input, "Europe/Berlin".into());
        let Ok(forms) = forms else {
            panic!("{forms:?}");
        };
        let code = forms.widget_code(true);
        assert_eq!(
            [ask_of(code, 0), ask_of(code, 1), ask_of(code, 2)],
            [ASK_REQUIRED, 1, 0]
        );
        assert_eq!(code & (OFFLINE_FORM | AVAILABLE), OFFLINE_FORM | AVAILABLE);
        assert_eq!(forms.widget_code(false) & AVAILABLE, 0);
        assert!(forms.offline_form && !forms.bot_reception_first);
        assert_eq!(forms.hours.0[0], Some((540, 1020)));
        assert_eq!(forms.time_zone, "Europe/Berlin");
        let bad = VisitorFormsInput {
            name: "sometimes".into(),
            ..input.clone()
        };
        assert_eq!(
            parse_visitor_forms(&bad, String::new())
                .err()
                .map(|e| e.field),
            Some("name".to_owned())
        );
        let bad = VisitorFormsInput {
            sat: "late".into(),
            ..input
        };
        assert_eq!(
            parse_visitor_forms(&bad, String::new())
                .err()
                .map(|e| e.field),
            Some("sat".to_owned())
        );
    }

    #[test]
    fn the_widget_shows_the_right_form() {
        let asking = VisitorForms {
            name: Ask::Required,
            phone: Ask::Optional,
            offline_form: true,
            ..VisitorForms::default()
        };
        let silent = VisitorForms {
            offline_form: true,
            ..VisitorForms::default()
        };
        let no_offline = VisitorForms {
            offline_form: false,
            ..asking.clone()
        };
        let (away, here) = (asking.widget_code(false), asking.widget_code(true));
        // Nobody can answer, offline form on: it wins until the visitor has a conversation.
        assert_eq!(widget_form(away, false, false), WidgetForm::Offline);
        assert_eq!(widget_form(away, false, true), WidgetForm::Offline);
        assert_eq!(widget_form(away, true, false), WidgetForm::Chat);
        assert_eq!(
            widget_form(silent.widget_code(false), false, false),
            WidgetForm::Offline
        );
        // Offline form off: the visitor may still write (the conversation waits in line).
        assert_eq!(
            widget_form(no_offline.widget_code(false), false, false),
            WidgetForm::PreChat
        );
        assert_eq!(
            widget_form(VisitorForms::default().widget_code(false), false, false),
            WidgetForm::Chat
        );
        // Someone is in: the pre-chat form until the visitor has given the details.
        assert_eq!(widget_form(here, false, false), WidgetForm::PreChat);
        assert_eq!(widget_form(here, false, true), WidgetForm::Chat);
        assert_eq!(widget_form(here, true, false), WidgetForm::Chat);
        assert_eq!(
            widget_form(silent.widget_code(true), false, false),
            WidgetForm::Chat
        );
    }
}

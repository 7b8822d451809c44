//! Instants stored as UTC milliseconds since the Unix epoch: portable across SQLite and
//! PostgreSQL and cheap to compare.
use serde::{Deserialize, Serialize};

/// A UTC instant in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time (server side).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn now() -> Self {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis())
            .unwrap_or(0);
        Self(i64::try_from(millis).unwrap_or(i64::MAX))
    }

    /// This instant plus a number of seconds (saturating).
    pub fn plus_secs(self, secs: i64) -> Self {
        Self(self.0.saturating_add(secs.saturating_mul(1000)))
    }

    /// Milliseconds from `earlier` to `self` (negative when `earlier` is later).
    pub fn millis_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// The start (00:00 UTC) of the calendar day `YYYY-MM-DD`; `None` for anything else.
    pub fn from_utc_date(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i64 = parts.next()?.parse().ok()?;
        let month: i64 = parts.next()?.parse().ok()?;
        let day: i64 = parts.next()?.parse().ok()?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1970..=9999).contains(&year)
        {
            return None;
        }
        // Howard Hinnant's days-from-civil algorithm.
        let shifted_year = if month <= 2 { year - 1 } else { year };
        let era = shifted_year.div_euclid(400);
        let year_of_era = shifted_year - era * 400;
        let shifted_month = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        let days = era * 146_097 + day_of_era - 719_468;
        let start = Self(days * 86_400_000);
        // 2026-02-31 would roll over into March: refuse it.
        (start.utc_date() == format!("{year:04}-{month:02}-{day:02}")).then_some(start)
    }

    /// The UTC calendar date, `YYYY-MM-DD` (the same on server and browser, so pages
    /// hydrate without a mismatch).
    pub fn utc_date(self) -> String {
        // Howard Hinnant's days-to-civil algorithm.
        let days = self.0.div_euclid(86_400_000);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        format!("{year:04}-{month:02}-{day:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_saturates_instead_of_overflowing() {
        assert_eq!(Timestamp(1_000).plus_secs(2), Timestamp(3_000));
        assert_eq!(Timestamp(i64::MAX).plus_secs(10), Timestamp(i64::MAX));
        assert_eq!(Timestamp(5_000).millis_since(Timestamp(2_000)), 3_000);
    }

    #[test]
    fn utc_dates_follow_the_calendar() {
        assert_eq!(Timestamp(0).utc_date(), "1970-01-01");
        assert_eq!(Timestamp(951_782_400_000).utc_date(), "2000-02-29");
        assert_eq!(Timestamp(1_795_564_799_000).utc_date(), "2026-11-24");
        assert_eq!(Timestamp(-86_400_000).utc_date(), "1969-12-31");
    }

    #[test]
    fn dates_read_back_to_the_start_of_their_day() {
        assert_eq!(Timestamp::from_utc_date("1970-01-01"), Some(Timestamp(0)));
        assert_eq!(
            Timestamp::from_utc_date("2000-02-29"),
            Some(Timestamp(951_782_400_000))
        );
        for day in ["2026-11-24", "2027-01-31", "2028-12-31"] {
            assert_eq!(
                Timestamp::from_utc_date(day)
                    .map(Timestamp::utc_date)
                    .as_deref(),
                Some(day)
            );
        }
        for bad in ["2026-02-31", "2026-13-01", "26-1-1x", "", "2026/01/01"] {
            assert_eq!(Timestamp::from_utc_date(bad), None, "{bad}");
        }
    }
}

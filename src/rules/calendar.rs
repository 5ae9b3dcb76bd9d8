//! Dutch working days: weekends and public holidays, computed for any year (Easter by the
//! `computus` crate), and deadlines counted in calendar or working days.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::ruleset::DayKind;

/// Easter Sunday of a Gregorian year.
fn easter(year: i32) -> Option<NaiveDate> {
    let e = computus::gregorian(year).ok()?;
    NaiveDate::from_ymd_opt(e.year, e.month, e.day)
}

/// The Dutch public holidays of a year, with their names, in date order.
///
/// Nieuwjaarsdag, Eerste en Tweede Paasdag, Koningsdag (27 April; 26 April when the 27th is a
/// Sunday), Bevrijdingsdag (5 May, a day off every fifth year from 2025), Hemelvaartsdag, Eerste
/// en Tweede Pinksterdag, Eerste en Tweede Kerstdag. Goede Vrijdag is not a general day off.
pub fn holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut list = Vec::with_capacity(10);
    let mut push = |date: Option<NaiveDate>, name| {
        if let Some(date) = date {
            list.push((date, name));
        }
    };
    push(day(1, 1), "Nieuwjaarsdag");
    if let Some(e) = easter(year) {
        let plus = |n| e.checked_add_days(Days::new(n));
        push(Some(e), "Eerste Paasdag");
        push(plus(1), "Tweede Paasdag");
        push(plus(39), "Hemelvaartsdag");
        push(plus(49), "Eerste Pinksterdag");
        push(plus(50), "Tweede Pinksterdag");
    }
    let kings = day(4, 27).map(|d| {
        if d.weekday() == Weekday::Sun {
            d.pred_opt().unwrap_or(d)
        } else {
            d
        }
    });
    push(kings, "Koningsdag");
    if year >= 2025 && year % 5 == 0 {
        push(day(5, 5), "Bevrijdingsdag");
    }
    push(day(12, 25), "Eerste Kerstdag");
    push(day(12, 26), "Tweede Kerstdag");
    list.sort();
    list
}

/// Whether a day is a Saturday, a Sunday or a public holiday.
pub fn is_day_off(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun) || is_holiday(date)
}

/// Whether a day is a Dutch public holiday.
pub fn is_holiday(date: NaiveDate) -> bool {
    holidays(date.year()).iter().any(|(d, _)| *d == date)
}

/// The deadline `days` after `start`: in calendar days, or counting only working days.
pub fn deadline(start: NaiveDate, days: u32, kind: DayKind) -> NaiveDate {
    match kind {
        DayKind::Calendar => start
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(NaiveDate::MAX),
        DayKind::Working => {
            let mut date = start;
            let mut left = days;
            // Holidays are computed once per year touched, not per day.
            let mut year = date.year();
            let mut off = holidays(year);
            while left > 0 {
                date = match date.succ_opt() {
                    Some(d) => d,
                    None => return NaiveDate::MAX,
                };
                if date.year() != year {
                    year = date.year();
                    off = holidays(year);
                }
                let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
                if !weekend && !off.iter().any(|(d, _)| *d == date) {
                    left -= 1;
                }
            }
            date
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;
    use proptest::prelude::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn show(year: i32) -> String {
        holidays(year)
            .iter()
            .map(|(d, n)| format!("{d} {} {n}", d.weekday()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn holidays_2025_koningsdag_on_saturday_26th_and_bevrijdingsdag() {
        // 27 April 2025 is a Sunday: Koningsdag moves to Saturday 26 April. 2025 is a
        // lustrum year: Bevrijdingsdag is a day off.
        expect![[r#"
            2025-01-01 Wed Nieuwjaarsdag
            2025-04-20 Sun Eerste Paasdag
            2025-04-21 Mon Tweede Paasdag
            2025-04-26 Sat Koningsdag
            2025-05-05 Mon Bevrijdingsdag
            2025-05-29 Thu Hemelvaartsdag
            2025-06-08 Sun Eerste Pinksterdag
            2025-06-09 Mon Tweede Pinksterdag
            2025-12-25 Thu Eerste Kerstdag
            2025-12-26 Fri Tweede Kerstdag"#]]
        .assert_eq(&show(2025));
    }

    #[test]
    fn holidays_2026_easter_5_april_no_bevrijdingsdag() {
        expect![[r#"
            2026-01-01 Thu Nieuwjaarsdag
            2026-04-05 Sun Eerste Paasdag
            2026-04-06 Mon Tweede Paasdag
            2026-04-27 Mon Koningsdag
            2026-05-14 Thu Hemelvaartsdag
            2026-05-24 Sun Eerste Pinksterdag
            2026-05-25 Mon Tweede Pinksterdag
            2026-12-25 Fri Eerste Kerstdag
            2026-12-26 Sat Tweede Kerstdag"#]]
        .assert_eq(&show(2026));
    }

    #[test]
    fn holidays_2027_easter_28_march() {
        let easter_days: Vec<String> = holidays(2027)
            .iter()
            .filter(|(_, n)| n.contains("Paas") || n.contains("Hemel") || n.contains("Pinkster"))
            .map(|(d, n)| format!("{d} {n}"))
            .collect();
        assert_eq!(
            easter_days,
            [
                "2027-03-28 Eerste Paasdag",
                "2027-03-29 Tweede Paasdag",
                "2027-05-06 Hemelvaartsdag",
                "2027-05-16 Eerste Pinksterdag",
                "2027-05-17 Tweede Pinksterdag"
            ]
        );
        assert!(holidays(2030)
            .iter()
            .any(|(d, _)| *d == self::d("2030-05-05")));
        assert!(!holidays(2027).iter().any(|(_, n)| *n == "Bevrijdingsdag"));
    }

    #[test]
    fn working_day_deadlines_skip_weekends_and_holidays() {
        use DayKind::Working;
        // Friday + 2 working days = Tuesday.
        assert_eq!(deadline(d("2026-01-09"), 2, Working), d("2026-01-13"));
        // Thursday before Easter 2026 + 2: Friday, (weekend, Easter Monday) Tuesday.
        assert_eq!(deadline(d("2026-04-02"), 2, Working), d("2026-04-07"));
        // Easter 2027: Thursday 25 March + 2 = Tuesday 30 March.
        assert_eq!(deadline(d("2027-03-25"), 2, Working), d("2027-03-30"));
        // Koningsdag 2025 falls on Saturday: Friday 25 April + 1 = Monday 28 April.
        assert_eq!(deadline(d("2025-04-25"), 1, Working), d("2025-04-28"));
        // Bevrijdingsdag 2025 is off, 2026 is not.
        assert_eq!(deadline(d("2025-05-02"), 1, Working), d("2025-05-06"));
        assert_eq!(deadline(d("2026-05-04"), 1, Working), d("2026-05-05"));
        // Year end: Christmas, weekend, New Year.
        assert_eq!(deadline(d("2026-12-24"), 2, Working), d("2026-12-29"));
        assert_eq!(deadline(d("2026-12-31"), 1, Working), d("2027-01-04"));
        // Calendar days ignore all of that.
        assert_eq!(
            deadline(d("2026-12-31"), 2, DayKind::Calendar),
            d("2027-01-02")
        );
    }

    proptest! {
        #[test]
        fn a_working_day_deadline_is_a_working_day_and_never_before_the_calendar_one(
            offset in 0i64..(365 * 30),
            days in 1u32..30,
        ) {
            let start = d("2010-01-01") + chrono::Duration::days(offset);
            let working = deadline(start, days, DayKind::Working);
            prop_assert!(!is_day_off(working), "{working} is a day off");
            prop_assert!(working >= deadline(start, days, DayKind::Calendar));
        }
    }
}

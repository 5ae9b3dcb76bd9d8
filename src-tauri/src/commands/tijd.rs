//! Tijd: client-bound and other hours this week and this year against the budget, and a time
//! entry added.

use serde::{Deserialize, Serialize};
use wijzer::model::TimeEntry;

use crate::dto::{code_of, dutch_day, form, minutes};
use crate::error::IpcError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct BudgetDto {
    pub title: String,
    pub municipalities: Vec<String>,
    pub hours_per_year: Option<u32>,
    pub used_minutes: u64,
}

#[derive(Debug, Serialize)]
pub struct TimeDto {
    pub week_from: String,
    pub week_to: String,
    pub week: wijzer::store::TimeTotals,
    pub year: i32,
    pub this_year: wijzer::store::TimeTotals,
    pub budgets: Vec<BudgetDto>,
}

pub fn time_summary(state: &AppState, today: &str) -> Result<TimeDto, IpcError> {
    let today = crate::dto::day(today, "today")?;
    state.with_store(|store| {
        let s = wijzer::app::time::summary(store, today.0)?;
        Ok(TimeDto {
            week_from: s.week.0.to_string(),
            week_to: s.week.1.to_string(),
            week: s.this_week,
            year: s.year,
            this_year: s.this_year,
            budgets: s
                .budgets
                .into_iter()
                .map(|b| BudgetDto {
                    title: b.title,
                    municipalities: b.municipalities,
                    hours_per_year: b.hours_per_year,
                    used_minutes: b.used_minutes,
                })
                .collect(),
        })
    })
}

/// The time form: on a case (client-bound), or with a municipality (other hours).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimeForm {
    pub case: String,
    pub municipality: String,
    pub on: String,
    pub minutes: String,
    pub activity: String,
}

pub fn time_add(state: &AppState, value: serde_json::Value) -> Result<(), IpcError> {
    let f: TimeForm = form(value)?;
    let entry = TimeEntry {
        case: (!f.case.is_empty()).then(|| f.case.clone()),
        municipality: (!f.municipality.is_empty()).then(|| f.municipality.clone()),
        on: dutch_day(&f.on, "on")?,
        minutes: minutes(&f.minutes, "minutes")?,
        activity: code_of(&f.activity, "activity")?,
    };
    state.with_store(|store| Ok(store.add_time(&entry)?))
}

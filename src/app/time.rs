//! Tijd: client-bound and other hours this week and this year, against each contract's budget.

use chrono::{Datelike, Days, NaiveDate};

use crate::model::Date;
use crate::store::{Store, StoreError, TimeTotals};

/// One contract's budget of client-bound hours this calendar year, and what was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetUse {
    pub contract: String,
    /// The rule set's title: the contract as the supporter knows it.
    pub title: String,
    pub municipalities: Vec<String>,
    /// `None` when the contract sets no budget.
    pub hours_per_year: Option<u32>,
    pub used_minutes: u64,
}

/// What the Tijd screen shows on `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeSummary {
    /// Monday to Sunday of the week `today` is in.
    pub week: (NaiveDate, NaiveDate),
    pub this_week: TimeTotals,
    pub year: i32,
    pub this_year: TimeTotals,
    pub budgets: Vec<BudgetUse>,
}

/// Hours this week and this year, and each contract's budget.
pub fn summary(store: &Store, today: NaiveDate) -> Result<TimeSummary, StoreError> {
    let monday = today
        .checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))
        .unwrap_or(today);
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(today);
    let (this_week, _) = store.time_totals(Date(monday), Date(sunday))?;
    let year = today.year();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let (this_year, per_contract) = store.time_totals(Date(first), Date(last))?;
    let mut budgets = Vec::new();
    for (contract, rule_set, municipalities) in store.contracts()? {
        let rules = crate::rules::shipped(&rule_set).ok_or_else(|| StoreError::UnknownRuleSet {
            contract: contract.clone(),
            rule_set: rule_set.clone(),
        })?;
        budgets.push(BudgetUse {
            used_minutes: per_contract.get(&contract).copied().unwrap_or(0),
            contract,
            title: rules.title.clone(),
            municipalities,
            hours_per_year: rules.budget.as_ref().map(|b| b.client_hours_per_year),
        });
    }
    Ok(TimeSummary {
        week: (monday, sunday),
        this_week,
        year,
        this_year,
        budgets,
    })
}

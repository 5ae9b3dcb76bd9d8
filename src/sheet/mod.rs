//! The client information sheet: a one- or two-page A4 PDF in plain Dutch for the client to
//! keep. `compose` turns a case into blocks of text (fixed texts from `assets/sheet/nl.toml`),
//! `layout` flows them onto pages in the embedded DejaVu Sans.
//!
//! Not here: reading the store (`Store::sheet_data`) or choosing where the file goes.

pub(crate) mod layout;

use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::{Case, Client, Organisation, Supporter};
use crate::rules;
use layout::{Block, Fonts, Weight};

/// Everything the sheet shows, gathered from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetData {
    pub organisation: Option<Organisation>,
    pub supporter: Option<Supporter>,
    pub client: Client,
    pub case: Case,
    /// The rule set of the case's contract: its terms are what the client may expect.
    pub rule_set: String,
}

/// The fixed texts of the sheet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    title: String,
    made_on: String,
    supporter_heading: String,
    what_heading: String,
    what: Vec<String>,
    question_heading: String,
    goals_heading: String,
    no_goals: String,
    actions_heading: String,
    no_actions: String,
    action_due: String,
    action_done: String,
    next_heading: String,
    next_none: String,
    next_at: String,
    expect_heading: String,
    expect_first_contact: String,
    expect_first_appointment: String,
    expect_duration: String,
    expect_general: String,
    consent_heading: String,
    consent_none: String,
    consent_given: String,
    consent_withdrawn: String,
    rights_heading: String,
    rights: Vec<String>,
    complaints_general: String,
    footer: String,
}

fn texts() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(|| {
        toml::from_str(include_str!("../../assets/sheet/nl.toml"))
            .expect("assets/sheet/nl.toml is checked by the tests")
    })
}

pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(Fonts::load)
}

/// Fills `{name}` placeholders.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (key, value)| {
            text.replace(&format!("{{{key}}}"), value)
        })
}

use crate::model::dutch as nl_date;

const BODY: f32 = 10.0;
const HEADING: f32 = 12.0;

/// A document's title: bold, larger, with a rule under it.
pub(crate) fn title(text: &str, size: f32) -> Block {
    Block {
        text: text.to_string(),
        weight: Weight::Bold,
        size,
        space_before: 0.0,
        bullet: false,
        keep_with_next: false,
        rule_below: true,
    }
}

pub(crate) fn heading(text: &str) -> Block {
    Block {
        text: text.to_string(),
        weight: Weight::Bold,
        size: HEADING,
        space_before: 9.0,
        bullet: false,
        keep_with_next: true,
        rule_below: false,
    }
}

pub(crate) fn para(text: &str) -> Block {
    Block {
        text: text.to_string(),
        weight: Weight::Regular,
        size: BODY,
        space_before: 3.0,
        bullet: false,
        keep_with_next: false,
        rule_below: false,
    }
}

pub(crate) fn bullet(text: &str) -> Block {
    Block {
        bullet: true,
        space_before: 2.0,
        ..para(text)
    }
}

/// Who does an action, as the client reads it.
fn who(owner: crate::codes::Owner) -> &'static str {
    use crate::codes::Owner;
    match owner {
        Owner::Client => "u",
        Owner::Ondersteuner => "wij",
        Owner::Netwerk => "uw netwerk",
        Owner::Anders => "iemand anders",
    }
}

/// The sheet as blocks of text, in reading order.
fn compose(data: &SheetData, made_on: chrono::NaiveDate) -> Vec<Block> {
    let t = texts();
    let mut blocks = vec![
        Block {
            text: fill(&t.title, &[("naam", &data.client.name)]),
            weight: Weight::Bold,
            size: 17.0,
            space_before: 0.0,
            bullet: false,
            keep_with_next: false,
            rule_below: true,
        },
        para(&fill(&t.made_on, &[("datum", &nl_date(made_on))])),
        heading(&t.supporter_heading),
    ];
    if let Some(s) = &data.supporter {
        blocks.push(Block {
            weight: Weight::Bold,
            ..para(&s.name)
        });
        let reach: Vec<String> = [("Telefoon", &s.phone), ("E-mail", &s.email)]
            .into_iter()
            .filter_map(|(what, v)| v.as_ref().map(|v| format!("{what} {v}")))
            .collect();
        if !reach.is_empty() {
            blocks.push(Block {
                space_before: 0.0,
                ..para(&reach.join(" · "))
            });
        }
    }
    if let Some(o) = &data.organisation {
        let parts: Vec<&str> = std::iter::once(&o.name)
            .chain(
                [&o.address, &o.phone, &o.email, &o.website]
                    .into_iter()
                    .flatten(),
            )
            .map(String::as_str)
            .collect();
        blocks.push(para(&parts.join(" · ")));
    }

    blocks.push(heading(&t.what_heading));
    blocks.push(para(&t.what.join(" ")));

    blocks.push(heading(&t.question_heading));
    blocks.push(para(&data.case.question));

    blocks.push(heading(&t.goals_heading));
    if data.case.goals.is_empty() {
        blocks.push(para(&t.no_goals));
    }
    for goal in &data.case.goals {
        blocks.push(bullet(goal));
    }

    blocks.push(heading(&t.actions_heading));
    if data.case.actions.is_empty() {
        blocks.push(para(&t.no_actions));
    }
    for action in &data.case.actions {
        let mut line = format!("{} ({}", action.text, who(action.owner));
        if let Some(due) = action.due_on {
            line.push_str(&format!(
                ", {}",
                fill(&t.action_due, &[("datum", &nl_date(due.0))])
            ));
        }
        if let Some(done) = action.done_on {
            line.push_str(&format!(
                ", {}",
                fill(&t.action_done, &[("datum", &nl_date(done.0))])
            ));
        }
        line.push(')');
        blocks.push(bullet(&line));
    }

    blocks.push(heading(&t.next_heading));
    blocks.push(para(&match data.case.next_appointment {
        Some(at) => fill(
            &t.next_at,
            &[
                ("datum", &nl_date(at.0.date())),
                ("tijd", &at.0.format("%H:%M").to_string()),
            ],
        ),
        None => t.next_none.clone(),
    }));

    let rules = rules::shipped(&data.rule_set);
    blocks.push(heading(&t.expect_heading));
    let mut expected = Vec::new();
    if let Some(term) = rules.and_then(|r| r.first_contact) {
        expected.push(fill(&t.expect_first_contact, &[("termijn", &term.text())]));
    }
    if let Some(term) = rules.and_then(|r| r.first_appointment) {
        expected.push(fill(
            &t.expect_first_appointment,
            &[("termijn", &term.text())],
        ));
    }
    if let Some(limit) = rules.and_then(|r| r.duration) {
        let duur = match (limit.dagdelen, limit.limit_minutes()) {
            (Some(d), _) => format!("{d} dagdelen"),
            (None, Ok(m)) => format!("{} uur", m / 60),
            (None, Err(_)) => String::new(),
        };
        if !duur.is_empty() {
            expected.push(fill(&t.expect_duration, &[("duur", &duur)]));
        }
    }
    if expected.is_empty() {
        expected.push(t.expect_general.clone());
    }
    for line in expected {
        blocks.push(bullet(&line));
    }

    blocks.push(heading(&t.consent_heading));
    if data.client.consents.is_empty() {
        blocks.push(para(&t.consent_none));
    }
    for consent in &data.client.consents {
        let mut line = fill(
            &t.consent_given,
            &[
                ("doel", consent.purpose.label()),
                ("datum", &nl_date(consent.given_on.0)),
                ("hoe", &consent.how.label().to_lowercase()),
            ],
        );
        if let Some(w) = consent.withdrawn_on {
            line.push_str(&format!(
                "; {}",
                fill(&t.consent_withdrawn, &[("datum", &nl_date(w.0))])
            ));
        }
        blocks.push(bullet(&line));
    }

    blocks.push(heading(&t.rights_heading));
    let years = rules.map_or(15, |r| r.retention.years).to_string();
    for right in &t.rights {
        blocks.push(bullet(&fill(right, &[("jaren", &years)])));
    }
    let complaints = data
        .organisation
        .as_ref()
        .and_then(|o| o.complaints.clone())
        .unwrap_or_else(|| t.complaints_general.clone());
    blocks.push(para(&complaints));
    blocks
}

/// The sheet as PDF bytes.
pub fn render(data: &SheetData, made_on: chrono::NaiveDate) -> Vec<u8> {
    let t = texts();
    let blocks = compose(data, made_on);
    let organisation = data
        .organisation
        .as_ref()
        .map_or("Cliëntondersteuning", |o| o.name.as_str())
        .to_string();
    let title = fill(&t.title, &[("naam", &data.client.name)]);
    layout::render(&title, &blocks, fonts(), |page, pages| {
        fill(
            &t.footer,
            &[
                ("organisatie", &organisation),
                ("pagina", &page.to_string()),
                ("paginas", &pages.to_string()),
            ],
        )
    })
}

/// A PDF of one line in the sheet's fonts and writer: the floor the sheet benchmark is
/// measured against.
#[doc(hidden)]
pub fn render_line(text: &str) -> Vec<u8> {
    layout::render(text, &[para(text)], fonts(), |_, _| String::new())
}

/// Whether the sheet's font has a glyph for every character of a text.
pub fn font_covers(text: &str) -> bool {
    fonts().covers(text)
}

/// The characters of a sheet that its font cannot show (they would print as "?").
pub fn missing_glyphs(data: &SheetData) -> Vec<char> {
    // Each character is looked up once, however often the sheet has it.
    let used: std::collections::BTreeSet<char> = compose(data, chrono::NaiveDate::MIN)
        .iter()
        .flat_map(|b| b.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut buffer = [0u8; 4];
    used.into_iter()
        .filter(|c| !fonts().covers(c.encode_utf8(&mut buffer)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_texts_parse_and_the_font_has_every_dutch_and_turkish_letter() {
        let t = texts();
        assert!(!t.rights.is_empty());
        assert!(font_covers("ë é ï ö ü ç ğ ı ş Ë É Ï Ö Ü Ç Ğ İ Ş € · •"));
        assert!(!font_covers("Ελένη"));
    }
}

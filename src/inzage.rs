//! Inzage (Wmo art. 5.3.2): a client's whole dossier as the client may read it, as a PDF in
//! plain Dutch (in the sheet's fonts and layout) and as JSON in the scenario format (for
//! another program). Pure: the dossier comes from `store.export(Some(client))`.

use crate::model::{dutch, Date, Scenario};
use crate::sheet::layout;
use crate::sheet::{bullet, fonts, heading, para};

fn day(d: Option<Date>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.dutch())
}

/// The dossier as a PDF: the client's details, consents, and per case its facts, goals,
/// actions, contacts (with their notes) and time.
pub fn to_pdf(dossier: &Scenario, made_on: chrono::NaiveDate) -> Vec<u8> {
    let name = dossier
        .clients
        .first()
        .map_or("", |c| c.name.as_str())
        .to_string();
    let title = format!("Inzage in het dossier van {name}");
    let mut blocks = vec![
        crate::sheet::title(&title, 15.0),
        para(&format!(
            "Dit is alles wat over u is vastgelegd, op {}. U mag dit inzien, laten verbeteren of laten vernietigen (Wmo 2015, artikel 5.3.2 tot en met 5.3.5).",
            dutch(made_on)
        )),
    ];
    for client in &dossier.clients {
        blocks.push(heading("Uw gegevens"));
        blocks.push(bullet(&format!("Naam: {}", client.name)));
        blocks.push(bullet(&format!("Geboortedatum: {}", day(client.born))));
        blocks.push(bullet(&format!("Gemeente: {}", client.municipality)));
        for (label, value) in [
            ("Adres", &client.address),
            ("Telefoon", &client.phone),
            ("E-mail", &client.email),
        ] {
            blocks.push(bullet(&format!(
                "{label}: {}",
                value.as_deref().unwrap_or("—")
            )));
        }
        blocks.push(heading("Toestemmingen"));
        if client.consents.is_empty() {
            blocks.push(para("Geen."));
        }
        for k in &client.consents {
            blocks.push(bullet(&format!(
                "{}: gegeven op {} ({}){}",
                k.purpose.label(),
                k.given_on.dutch(),
                k.how.label().to_lowercase(),
                k.withdrawn_on
                    .map(|w| format!(", ingetrokken op {}", w.dutch()))
                    .unwrap_or_default()
            )));
        }
    }
    for case in &dossier.cases {
        blocks.push(heading(&format!(
            "Kwestie {}, aangemeld op {}",
            case.id,
            case.registered_on.dutch()
        )));
        blocks.push(para(&format!("Vraag: {}", case.question)));
        blocks.push(bullet(&format!("Verwezen door: {}", case.referral.label())));
        if !case.domains.is_empty() {
            let domains: Vec<&str> = case.domains.iter().map(|d| d.label()).collect();
            blocks.push(bullet(&format!("Levensdomeinen: {}", domains.join(", "))));
        }
        blocks.push(bullet(&format!(
            "Eerste contact: {}; eerste afspraak: {}",
            day(case.first_contact_on),
            day(case.first_appointment_on)
        )));
        if let Some(closed) = case.closed_on {
            blocks.push(bullet(&format!(
                "Afgesloten op {}{}",
                closed.dutch(),
                case.closure_reason
                    .map(|r| format!(": {}", r.label()))
                    .unwrap_or_default()
            )));
        }
        for goal in &case.goals {
            blocks.push(bullet(&format!("Doel: {goal}")));
        }
        for a in &case.actions {
            blocks.push(bullet(&format!(
                "Actie ({}): {}{}",
                a.owner.label(),
                a.text,
                a.done_on
                    .map(|d| format!(", gedaan op {}", d.dutch()))
                    .unwrap_or_default()
            )));
        }
        for c in dossier.contacts.iter().filter(|c| c.case == case.id) {
            let with: Vec<&str> = c.with.iter().map(|p| p.label()).collect();
            blocks.push(bullet(&format!(
                "Contact op {} om {} ({}, {} minuten, met {}){}",
                c.at.date().dutch(),
                c.at.0.format("%H:%M"),
                c.mode.label().to_lowercase(),
                c.minutes,
                with.join(", ").to_lowercase(),
                if c.notes.is_empty() {
                    String::new()
                } else {
                    format!(": {}", c.notes)
                }
            )));
        }
        let minutes: u32 = dossier
            .time
            .iter()
            .filter(|t| t.case.as_deref() == Some(case.id.as_str()))
            .map(|t| t.minutes)
            .sum();
        if minutes > 0 {
            blocks.push(bullet(&format!(
                "Andere tijd aan deze kwestie: {minutes} minuten"
            )));
        }
    }
    let organisation = dossier
        .organisation
        .as_ref()
        .map_or("Cliëntondersteuning", |o| o.name.as_str())
        .to_string();
    layout::render(&title, &blocks, fonts(), |page, pages| {
        format!("{organisation} · inzage · pagina {page} van {pages}")
    })
}

/// The dossier as JSON in the scenario format (`wijzer-scenario/1`).
pub fn to_json(dossier: &Scenario) -> Vec<u8> {
    serde_json::to_vec_pretty(dossier).unwrap_or_default()
}

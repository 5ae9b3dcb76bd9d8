//! The report as CSV (semicolons, for Dutch spreadsheets) and as PDF (the sheet's layout and
//! font). Both show exactly the cells of the report: nothing is computed here.

use super::Report;
use crate::sheet::layout::{self, Block, Weight};
use crate::sheet::{bullet, fonts, heading, para};

/// A cell that a spreadsheet shows as text: a leading `=`, `+`, `-`, `@`, tab or carriage
/// return would start a formula, so such a cell gets a leading apostrophe (OWASP's advice).
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// `sectie;code;omschrijving;waarde`, one line per number of the report.
pub fn to_csv(report: &Report) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut row = |a: &str, b: &str, c: &str, d: &str| {
        // Writing into a Vec does not fail; should it, the row is left out, never a panic.
        let _ = w.write_record([a, b, c, d].map(|cell| inert(cell).into_owned()));
    };
    row("sectie", "code", "omschrijving", "waarde");
    row("rapport", "gemeente", "Gemeente", &report.municipality);
    row("rapport", "periode", "Periode", &report.period);
    row("rapport", "van", "Van", &report.from.to_string());
    row(
        "rapport",
        "tot-en-met",
        "Tot en met",
        &report.to.to_string(),
    );
    row(
        "rapport",
        "gemaakt",
        "Gemaakt op",
        &report.created_on.to_string(),
    );
    row(
        "rapport",
        "correctie",
        "Correctie (0 = eerste export)",
        &report.correction.to_string(),
    );
    for (code, label, value) in totals(report) {
        row("totaal", code, label, &value);
    }
    if let Some(b) = &report.budget {
        row(
            "budget",
            "kwesties-per-jaar",
            "Kwesties per jaar (contract)",
            &b.cases_per_year.to_string(),
        );
        row(
            "budget",
            "uren-per-jaar",
            "Cliëntgebonden uren per jaar (contract)",
            &b.client_hours_per_year.to_string(),
        );
        row(
            "budget",
            "kwesties-tot-nu",
            "Kwesties dit jaar tot einde periode (deze gemeente)",
            &b.cases_so_far.to_string(),
        );
        row(
            "budget",
            "uren-tot-nu",
            "Cliëntgebonden uren dit jaar tot einde periode (deze gemeente)",
            &b.client_hours_so_far.to_string(),
        );
    }
    for table in &report.tables {
        for cell in &table.cells {
            row(&table.name, &cell.code, &cell.label, &cell.value.text());
        }
        if let Some(total) = table.total {
            row(&table.name, "totaal", "Totaal", &total.to_string());
        }
        if let Some(p) = &table.percent {
            row(
                &table.name,
                &format!("percentage-{}", p.of),
                "Percentage",
                &format!("{:.1}", p.value).replace('.', ","),
            );
        }
    }
    for (i, s) in report.signals.iter().enumerate() {
        row(
            "signaal",
            &format!("{}-{}", i + 1, s.category),
            &s.on.to_string(),
            &s.text,
        );
    }
    w.into_inner().unwrap_or_default()
}

fn totals(report: &Report) -> Vec<(&'static str, &'static str, String)> {
    let t = &report.totals;
    let hours = |m: u64| format!("{},{}", m / 60, (m % 60) * 10 / 60);
    vec![
        ("kwesties-nieuw", "Nieuwe kwesties", t.cases_new.to_string()),
        (
            "kwesties-afgesloten",
            "Afgesloten kwesties",
            t.cases_closed.to_string(),
        ),
        (
            "kwesties-open-einde",
            "Open kwesties aan het einde",
            t.cases_open_at_end.to_string(),
        ),
        (
            "kwesties-lopend",
            "Lopende kwesties in de periode",
            t.cases_active.to_string(),
        ),
        ("clienten", "Cliënten", t.clients.to_string()),
        ("contacten", "Contacten", t.contacts.to_string()),
        (
            "uren-clientgebonden",
            "Cliëntgebonden uren",
            hours(t.client_bound_minutes),
        ),
        ("uren-overig", "Overige uren", hours(t.other_minutes)),
    ]
}

/// The report as a short PDF in the sheet's layout.
pub fn to_pdf(report: &Report) -> Vec<u8> {
    let title = format!(
        "Halfjaarrapportage cliëntondersteuning {} · {}",
        report.municipality, report.period
    );
    let mut blocks = vec![
        crate::sheet::title(&title, 15.0),
        para(&format!(
            "Periode {} tot en met {}. Gemaakt op {}.{}",
            nl(&report.from),
            nl(&report.to),
            nl(&report.created_on),
            if report.correction > 0 {
                format!(
                    " Dit is correctie {} en vervangt de vorige rapportage over deze periode.",
                    report.correction
                )
            } else {
                String::new()
            }
        )),
        para(&report.disclosure.note),
        heading("Totalen"),
    ];
    for (_, label, value) in totals(report) {
        blocks.push(bullet(&format!("{label}: {value}")));
    }
    if let Some(b) = &report.budget {
        blocks.push(heading(&format!("Budget {}", b.year)));
        blocks.push(para(&b.note));
        blocks.push(bullet(&format!(
            "Kwesties: {} van {}",
            b.cases_so_far, b.cases_per_year
        )));
        blocks.push(bullet(&format!(
            "Cliëntgebonden uren: {} van {}",
            b.client_hours_so_far, b.client_hours_per_year
        )));
    }
    for table in &report.tables {
        blocks.push(heading(&table.title));
        for cell in &table.cells {
            blocks.push(bullet(&format!("{}: {}", cell.label, cell.value.text())));
        }
        if let Some(total) = table.total {
            blocks.push(Block {
                weight: Weight::Bold,
                ..bullet(&format!("Totaal: {total} {}", table.unit))
            });
        }
        if let Some(p) = &table.percent {
            blocks.push(para(&format!("Op tijd: {:.1}%", p.value).replace('.', ",")));
        }
    }
    blocks.push(heading("Signalen voor beleid"));
    if report.signals.is_empty() {
        blocks.push(para("Geen signalen vrijgegeven in deze periode."));
    }
    for s in &report.signals {
        blocks.push(bullet(&format!(
            "{} ({}): {}",
            nl(&s.on),
            s.category,
            s.text
        )));
    }
    let footer_title = title.clone();
    layout::render(&title, &blocks, fonts(), move |page, pages| {
        format!("{footer_title} · pagina {page} van {pages}")
    })
}

fn nl(date: &crate::model::Date) -> String {
    date.dutch()
}

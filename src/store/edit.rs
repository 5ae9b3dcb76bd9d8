//! Edits made in the app, one user action each: one transaction, validated with the limits and
//! value-free messages of the scenario import before anything is written, and one audit line
//! (the action, the kind of record, its id; never its content).
//!
//! Not here: what a screen shows, or which edits make up a visit (`app`).

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

use super::write::{
    audit, insert_case, insert_client, insert_contact, insert_time, known_contracts, next_position,
    write_case,
};
use super::{Store, StoreError};
use crate::codes::{ClosureReason, ConsentPurpose, Party};
use crate::model::{Case, Client, Consent, Contact, Date, DateTime, Scenario, TimeEntry};
use crate::scenario::{self, Invalid, Known};

/// A visit as the supporter records it: the contact, and what comes next.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub contact: Contact,
    /// The next step, kept as an action for the supporter (due on the next appointment).
    pub next_step: Option<String>,
    /// The next appointment, kept on the case.
    pub next_appointment: Option<DateTime>,
}

/// The longest draft the store keeps (a form's fields as JSON).
pub const DRAFT_MAX: usize = 64 * 1024;

fn refuse(record: &str, field: &str, message: &str) -> StoreError {
    StoreError::Invalid(Invalid {
        record: record.into(),
        field: field.into(),
        message: message.into(),
    })
}

/// A fresh id for a new record: `prefix` and the lowest number not taken yet.
fn fresh_id(tx: &Transaction<'_>, table: &str, prefix: &str) -> Result<String, StoreError> {
    let count: i64 = tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    let mut n = count + 1;
    loop {
        let id = format!("{prefix}{n}");
        let taken = tx
            .query_row(
                &format!("SELECT 1 FROM {table} WHERE id = ?1"),
                [&id],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !taken {
            return Ok(id);
        }
        n += 1;
    }
}

/// The case as the model has it, with domains, goals and actions.
fn load_case(tx: &Transaction<'_>, id: &str) -> Result<Case, StoreError> {
    let client: Option<String> = tx
        .query_row("SELECT client FROM kase WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    let client = client.ok_or_else(|| StoreError::UnknownCase(id.to_string()))?;
    super::read::export_cases(tx, Some(&client))?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| StoreError::UnknownCase(id.to_string()))
}

/// What one edit's record may refer to: the contracts and municipalities, and the one client
/// and case named (when they exist). An edit refers to nothing else, and its own new id is made
/// fresh; loading every id in the store would cost more than the edit on a large store.
fn known_about(
    tx: &Transaction<'_>,
    client: Option<&str>,
    case: Option<&str>,
) -> Result<Known, StoreError> {
    let mut known = known_contracts(tx)?;
    if let Some(client) = client {
        let municipality: Option<String> = tx
            .query_row(
                "SELECT municipality FROM client WHERE id = ?1",
                [client],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(m) = municipality {
            known.clients.insert(client.to_string(), m);
        }
    }
    if let Some(case) = case {
        let exists = tx
            .query_row("SELECT 1 FROM kase WHERE id = ?1", [case], |_| Ok(()))
            .optional()?
            .is_some();
        if exists {
            known.cases.insert(case.to_string());
        }
    }
    Ok(known)
}

impl Store {
    fn immediate(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Instellingen: the organisation's and the supporter's details, as one change.
    pub fn change_profile(
        &mut self,
        organisation: &crate::model::Organisation,
        supporter: &crate::model::Supporter,
    ) -> Result<(), StoreError> {
        let tx = self.immediate()?;
        let one = Scenario {
            organisation: Some(organisation.clone()),
            supporter: Some(supporter.clone()),
            ..scenario::empty()
        };
        scenario::validate(&one, &Known::default())?;
        let o = organisation;
        tx.execute(
            "INSERT OR REPLACE INTO organisation (id, name, address, phone, email, website, complaints)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            params![o.name, o.address, o.phone, o.email, o.website, o.complaints],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO supporter (id, name, phone, email) VALUES (1, ?1, ?2, ?3)",
            params![supporter.name, supporter.phone, supporter.email],
        )?;
        audit(&tx, "update", "profile", None)?;
        Ok(tx.commit()?)
    }

    /// Instellingen: the municipality's age key of a contract, checked when entered (format
    /// and checksum); the half-year reports of its municipalities are encrypted to it.
    pub fn set_recipient(&mut self, contract: &str, recipient: &str) -> Result<(), StoreError> {
        let recipient = recipient.trim();
        if !scenario::is_age_recipient(recipient) {
            return Err(refuse(
                "contract",
                "recipient",
                "geen geldige age-sleutel van de gemeente (age1…, 62 tekens)",
            ));
        }
        let tx = self.immediate()?;
        let changed = tx.execute(
            "UPDATE contract SET recipient = ?2 WHERE id = ?1",
            params![contract, recipient],
        )?;
        if changed == 0 {
            return Err(refuse("contract", "id", "dit contract bestaat niet"));
        }
        audit(&tx, "update", "contract", Some(contract))?;
        Ok(tx.commit()?)
    }

    /// A new client (with any consents already given); the id is made here and returned.
    pub fn add_client(&mut self, client: &Client) -> Result<String, StoreError> {
        let tx = self.immediate()?;
        let client = Client {
            id: fresh_id(&tx, "client", "cl")?,
            ..client.clone()
        };
        let one = Scenario {
            clients: vec![client.clone()],
            ..scenario::empty()
        };
        scenario::validate_one(&one, &known_about(&tx, None, None)?, "client")?;
        let position = next_position(&tx, "client")?;
        insert_client(&tx, &client, position)?;
        tx.commit()?;
        Ok(client.id)
    }

    /// Changes a client's details (not the consents, which have their own actions). The
    /// client's cases keep the municipality they had at aanmelding.
    pub fn change_client(&mut self, client: &Client) -> Result<(), StoreError> {
        let tx = self.immediate()?;
        let exists = tx
            .query_row("SELECT 1 FROM client WHERE id = ?1", [&client.id], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if !exists {
            return Err(StoreError::UnknownClient(client.id.clone()));
        }
        let one = Scenario {
            clients: vec![Client {
                consents: Vec::new(),
                ..client.clone()
            }],
            ..scenario::empty()
        };
        scenario::validate_one(&one, &known_about(&tx, None, None)?, "client")?;
        tx.execute(
            "UPDATE client SET name = ?2, born = ?3, municipality = ?4, address = ?5, phone = ?6,
                email = ?7, search_key = ?8 WHERE id = ?1",
            params![
                client.id,
                client.name,
                client.born,
                client.municipality,
                client.address,
                client.phone,
                client.email,
                super::write::search_key(&client.name, &client.municipality, &client.id)
            ],
        )?;
        audit(&tx, "update", "client", Some(&client.id))?;
        Ok(tx.commit()?)
    }

    /// Records a consent for one purpose (given again after a withdrawal, it replaces that).
    pub fn give_consent(&mut self, client: &str, consent: &Consent) -> Result<(), StoreError> {
        let tx = self.immediate()?;
        let mut current = client_in(&tx, client)?;
        current.consents.retain(|c| c.purpose != consent.purpose);
        current.consents.push(Consent {
            withdrawn_on: None,
            ..consent.clone()
        });
        let one = Scenario {
            clients: vec![current],
            ..scenario::empty()
        };
        scenario::validate_one(&one, &known_about(&tx, None, None)?, "client")?;
        tx.execute(
            "DELETE FROM consent WHERE client = ?1 AND purpose = ?2",
            params![client, consent.purpose],
        )?;
        tx.execute(
            "INSERT INTO consent (client, purpose, given_on, how, withdrawn_on)
             VALUES (?1, ?2, ?3, ?4, NULL)",
            params![client, consent.purpose, consent.given_on, consent.how],
        )?;
        audit(&tx, "give", "consent", Some(client))?;
        Ok(tx.commit()?)
    }

    /// Records that the client withdrew the consent for a purpose on a day.
    pub fn withdraw_consent(
        &mut self,
        client: &str,
        purpose: ConsentPurpose,
        on: Date,
    ) -> Result<(), StoreError> {
        let tx = self.immediate()?;
        let mut current = client_in(&tx, client)?;
        let Some(consent) = current
            .consents
            .iter_mut()
            .find(|c| c.purpose == purpose && c.withdrawn_on.is_none())
        else {
            return Err(refuse(
                "client",
                "consents",
                "er is geen geldige toestemming voor dit doel",
            ));
        };
        consent.withdrawn_on = Some(on);
        let one = Scenario {
            clients: vec![current],
            ..scenario::empty()
        };
        scenario::validate_one(&one, &known_about(&tx, None, None)?, "client")?;
        tx.execute(
            "UPDATE consent SET withdrawn_on = ?3 WHERE client = ?1 AND purpose = ?2",
            params![client, purpose, on],
        )?;
        audit(&tx, "withdraw", "consent", Some(client))?;
        Ok(tx.commit()?)
    }

    /// Opens a case (kwestie) for a client; the id is made here and returned. The case belongs
    /// to the client's municipality (and its contract) at aanmelding.
    pub fn open_case(&mut self, case: &Case) -> Result<String, StoreError> {
        let tx = self.immediate()?;
        let case = Case {
            id: fresh_id(&tx, "kase", "k")?,
            ..case.clone()
        };
        let one = Scenario {
            cases: vec![case.clone()],
            ..scenario::empty()
        };
        scenario::validate_one(&one, &known_about(&tx, Some(&case.client), None)?, "case")?;
        let position = next_position(&tx, "kase")?;
        insert_case(&tx, &case, position)?;
        tx.commit()?;
        Ok(case.id)
    }

    /// One change to a case, as one user action named `action` in the audit trail: `change`
    /// gets the case as stored and changes it; the result is checked like an imported case and
    /// written whole. A closed case stays closed: only [`Store::reopen_case`] opens it again.
    pub fn edit_case(
        &mut self,
        id: &str,
        action: &str,
        change: impl FnOnce(&mut Case) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.edit_case_as(id, action, false, change)
    }

    fn edit_case_as(
        &mut self,
        id: &str,
        action: &str,
        may_reopen: bool,
        change: impl FnOnce(&mut Case) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let tx = self.immediate()?;
        let before = load_case(&tx, id)?;
        let mut case = before.clone();
        change(&mut case)?;
        // What a case is for and whom it is about never changes.
        case.id = before.id.clone();
        case.client = before.client.clone();
        if before.closed_on.is_some() && case.closed_on.is_none() && !may_reopen {
            return Err(refuse(
                "case",
                "closed_on",
                "deze kwestie is afgesloten; heropen haar eerst",
            ));
        }
        let one = Scenario {
            cases: vec![case.clone()],
            ..scenario::empty()
        };
        scenario::validate_one(&one, &known_about(&tx, Some(&before.client), None)?, "case")?;
        write_case(&tx, &case)?;
        audit(&tx, action, "case", Some(id))?;
        Ok(tx.commit()?)
    }

    /// Changes a case's fields from the case screen: everything but its id and client.
    pub fn change_case(&mut self, case: &Case) -> Result<(), StoreError> {
        let new = case.clone();
        self.edit_case(&case.id, "update", |c| {
            *c = new;
            Ok(())
        })
    }

    /// Changes a case's facts from the case screen: question, domains, referral, the dates,
    /// the overrun notice, Wlz and the conflict of interest. Goals, actions and closing have
    /// their own actions and are kept as stored.
    pub fn change_case_facts(&mut self, case: &Case) -> Result<(), StoreError> {
        let new = case.clone();
        self.edit_case(&case.id, "update", |c| {
            let keep = (
                std::mem::take(&mut c.goals),
                std::mem::take(&mut c.actions),
                c.closed_on,
                c.closure_reason,
            );
            *c = new;
            (c.goals, c.actions, c.closed_on, c.closure_reason) = keep;
            Ok(())
        })
    }

    /// Closes a case on a day, with a reason.
    pub fn close_case(
        &mut self,
        id: &str,
        on: Date,
        reason: ClosureReason,
    ) -> Result<(), StoreError> {
        self.edit_case(id, "close", |c| {
            if c.closed_on.is_some() {
                return Err(refuse("case", "closed_on", "deze kwestie is al afgesloten"));
            }
            c.closed_on = Some(on);
            c.closure_reason = Some(reason);
            Ok(())
        })
    }

    /// Opens a closed case again (the closing day and reason are cleared).
    pub fn reopen_case(&mut self, id: &str) -> Result<(), StoreError> {
        self.edit_case_as(id, "reopen", true, |c| {
            if c.closed_on.is_none() {
                return Err(refuse(
                    "case",
                    "closed_on",
                    "deze kwestie is niet afgesloten",
                ));
            }
            c.closed_on = None;
            c.closure_reason = None;
            Ok(())
        })
    }

    /// Adds a goal to a case.
    pub fn add_goal(&mut self, case: &str, text: &str) -> Result<(), StoreError> {
        let text = text.to_string();
        self.edit_case(case, "add-goal", |c| {
            c.goals.push(text);
            Ok(())
        })
    }

    /// Changes the text of a case's goal (by its place in the list).
    pub fn change_goal(&mut self, case: &str, index: usize, text: &str) -> Result<(), StoreError> {
        let text = text.to_string();
        self.edit_case(case, "update-goal", |c| {
            let goal = c
                .goals
                .get_mut(index)
                .ok_or_else(|| refuse("case", "goals", "dit doel bestaat niet"))?;
            *goal = text;
            Ok(())
        })
    }

    /// Adds an agreed action to a case.
    pub fn add_action(
        &mut self,
        case: &str,
        action: &crate::model::Action,
    ) -> Result<(), StoreError> {
        let action = action.clone();
        self.edit_case(case, "add-action", |c| {
            c.actions.push(action);
            Ok(())
        })
    }

    /// Changes an action of a case (by its place in the list).
    pub fn change_action(
        &mut self,
        case: &str,
        index: usize,
        action: &crate::model::Action,
    ) -> Result<(), StoreError> {
        let action = action.clone();
        self.edit_case(case, "update-action", |c| {
            let slot = c
                .actions
                .get_mut(index)
                .ok_or_else(|| refuse("case", "actions", "deze actie bestaat niet"))?;
            *slot = action;
            Ok(())
        })
    }

    /// Marks an action of a case done on a day.
    pub fn finish_action(&mut self, case: &str, index: usize, on: Date) -> Result<(), StoreError> {
        self.edit_case(case, "finish-action", |c| {
            let slot = c
                .actions
                .get_mut(index)
                .ok_or_else(|| refuse("case", "actions", "deze actie bestaat niet"))?;
            slot.done_on = Some(on);
            Ok(())
        })
    }

    /// Records a contact with a case (a home visit, a call…) and returns its id. The first
    /// contact with the client on a case sets the case's first-contact day when it is still
    /// empty. The draft under `draft` (the form it was typed in) goes in the same transaction.
    pub fn record_contact(
        &mut self,
        contact: &Contact,
        draft: Option<&str>,
    ) -> Result<i64, StoreError> {
        self.record_visit(
            &Visit {
                contact: contact.clone(),
                next_step: None,
                next_appointment: None,
            },
            draft,
        )
    }

    /// Records a visit as one user action: the contact, and with it the next step (an action
    /// for the supporter) and the next appointment on its case, all in one transaction with
    /// one audit line. Returns the contact's id.
    pub fn record_visit(&mut self, visit: &Visit, draft: Option<&str>) -> Result<i64, StoreError> {
        let contact = &visit.contact;
        let tx = self.immediate()?;
        // A contact refers to nothing but its case: that one id is all the check needs, not
        // every id in the store.
        let mut known = Known::default();
        let case_exists = tx
            .query_row("SELECT 1 FROM kase WHERE id = ?1", [&contact.case], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if case_exists {
            known.cases.insert(contact.case.clone());
        }
        scenario::validate_contact(contact, &known)?;
        let id = insert_contact(&tx, contact)?;
        if contact.with.contains(&Party::Client) {
            tx.execute(
                "UPDATE kase SET first_contact_on = ?2
                 WHERE id = ?1 AND first_contact_on IS NULL AND registered_on <= ?2",
                params![contact.case, contact.at.date()],
            )?;
        }
        let next_step = visit.next_step.as_deref().filter(|t| !t.trim().is_empty());
        if next_step.is_some() || visit.next_appointment.is_some() {
            let mut case = load_case(&tx, &contact.case)?;
            if let Some(text) = next_step {
                case.actions.push(crate::model::Action {
                    text: text.to_string(),
                    owner: crate::codes::Owner::Ondersteuner,
                    due_on: visit.next_appointment.map(|a| a.date()),
                    done_on: None,
                });
            }
            if let Some(next) = visit.next_appointment {
                case.next_appointment = Some(next);
            }
            let one = Scenario {
                cases: vec![case.clone()],
                ..scenario::empty()
            };
            let known = known_about(&tx, Some(&case.client), None)?;
            scenario::validate_one(&one, &known, "case").map_err(|e| {
                // The visit's form names these two fields itself.
                let field = if e.field.starts_with("actions") {
                    "next_step".to_string()
                } else {
                    e.field.clone()
                };
                StoreError::Invalid(Invalid {
                    record: "contact".into(),
                    field,
                    ..e
                })
            })?;
            // Only what the visit adds is written: one action row and the appointment.
            if let Some(action) = case.actions.last().filter(|_| next_step.is_some()) {
                tx.execute(
                    "INSERT INTO action (kase, position, text, owner, due_on, done_on)
                     VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM action
                                  WHERE kase = ?1), ?2, ?3, ?4, NULL)",
                    params![case.id, action.text, action.owner, action.due_on],
                )?;
            }
            if let Some(next) = visit.next_appointment {
                tx.execute(
                    "UPDATE kase SET next_appointment_at = ?2 WHERE id = ?1",
                    params![case.id, next],
                )?;
            }
        }
        if let Some(key) = draft {
            tx.execute("DELETE FROM draft WHERE key = ?1", [key])?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Adds a time entry: client-bound with a case, or overhead with a municipality.
    pub fn add_time(&mut self, entry: &TimeEntry) -> Result<(), StoreError> {
        let tx = self.immediate()?;
        let one = Scenario {
            time: vec![entry.clone()],
            ..scenario::empty()
        };
        scenario::validate_one(
            &one,
            &known_about(&tx, None, entry.case.as_deref())?,
            "time",
        )?;
        insert_time(&tx, entry)?;
        let id = tx.last_insert_rowid().to_string();
        audit(&tx, "create", "time", Some(&id))?;
        Ok(tx.commit()?)
    }

    /// Keeps what is being typed in a form, under a key of the UI's choosing (`visit:k3`):
    /// encrypted like everything else, so a crash loses nothing and no web storage is needed.
    /// Drafts are not user actions and leave no audit line.
    pub fn save_draft(&mut self, key: &str, body: &str) -> Result<(), StoreError> {
        check_draft_key(key)?;
        if body.len() > DRAFT_MAX {
            return Err(refuse(
                "draft",
                "body",
                &format!("te lang: {} bytes, ten hoogste {DRAFT_MAX}", body.len()),
            ));
        }
        self.conn.execute(
            "INSERT INTO draft (key, body, saved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            params![
                key,
                body,
                chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
            ],
        )?;
        Ok(())
    }

    /// The draft under a key, if there is one.
    pub fn draft(&self, key: &str) -> Result<Option<String>, StoreError> {
        check_draft_key(key)?;
        Ok(self
            .conn
            .query_row("SELECT body FROM draft WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Throws a draft away (the form was discarded).
    pub fn discard_draft(&mut self, key: &str) -> Result<(), StoreError> {
        check_draft_key(key)?;
        self.conn
            .execute("DELETE FROM draft WHERE key = ?1", [key])?;
        Ok(())
    }
}

fn check_draft_key(key: &str) -> Result<(), StoreError> {
    let ok = !key.is_empty()
        && key.len() <= 100
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(refuse(
            "draft",
            "key",
            "een sleutel is 1 tot 100 tekens: letters, cijfers, :, - of _",
        ))
    }
}

/// A client with their consents.
fn client_in(tx: &Transaction<'_>, id: &str) -> Result<Client, StoreError> {
    let mut st = tx.prepare(&format!(
        "SELECT {} FROM client WHERE id = ?1",
        super::read::CLIENT_COLUMNS
    ))?;
    let mut client = st
        .query_row([id], super::read::client_from_row)
        .optional()?
        .ok_or_else(|| StoreError::UnknownClient(id.to_string()))?;
    let mut st = tx.prepare(
        "SELECT purpose, given_on, how, withdrawn_on FROM consent WHERE client = ?1 ORDER BY id",
    )?;
    client.consents = st
        .query_map([id], |r| {
            Ok(Consent {
                purpose: r.get(0)?,
                given_on: r.get(1)?,
                how: r.get(2)?,
                withdrawn_on: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(client)
}

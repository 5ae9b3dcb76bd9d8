// Kwestie: every fact of a case, its goals, actions, contacts and time; closing with a reason.
// The primary action is recording a visit.
import { invoke, datum, tijd, vandaagIso, vandaagNl, uren } from "../tauri.js";
import { h, veld, knop, waarden, toonFout, wisFouten, dialoogKnop } from "../dom.js";
import { kwestieVelden } from "./client.js";
import { concept } from "../concept.js";

const label = (lijst, code) => (lijst.find((k) => k.code === code) || { label: code }).label;

/** A small form that calls one command and shows the case again; `kladje()` keeps its draft. */
function formulier(naam, inhoud, opdracht, app, adres, bericht, kladje = null) {
  const form = h("form", { novalidate: true, "aria-labelledby": naam }, inhoud);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    wisFouten(form);
    const k = kladje ? kladje() : null;
    if (k) await k.klaar();
    try {
      await opdracht(waarden(form));
      if (k) await k.weg();
      app.meld(bericht);
      app.ga(adres);
      app.telling();
    } catch (e) {
      toonFout(form, e);
    }
  });
  return form;
}

/** What printing the sheet did, in one sentence. */
function informatieblad(p) {
  const geopend = p.opened
    ? " en geopend in de PDF-lezer om te printen."
    : ". De PDF-lezer ging niet open: open het bestand zelf om te printen.";
  const tekens = p.unknown_letters
    ? ` Let op: ${p.unknown_letters} soort(en) letters staan niet in het lettertype en staan als ? op het blad.`
    : "";
  return `Het informatieblad is opgeslagen als ${p.file}${geopend}${tekens}`;
}

export async function toon([id], app) {
  const [v, keuzes, bezoekConcept, gegevensConcept] = await Promise.all([
    invoke("case_get", { id }),
    app.keuzes(),
    invoke("draft_get", { key: `visit:${id}` }),
    invoke("draft_get", { key: `case:${id}` }),
  ]);
  const k = v.case;
  const adres = `#/kwestie/${encodeURIComponent(id)}`;
  const open = !k.closed_on;

  const contacten = v.contacts.length === 0
    ? h("p", {}, "Nog geen contacten.")
    : h("ol", { class: "contacten" }, v.contacts.map((c) => h("li", {},
      h("p", { class: "kopregel" },
        `${datum(c.at)} om ${tijd(c.at)} · ${label(keuzes.modes, c.mode)} · ${uren(c.minutes)}`,
        c.with.length ? ` · met ${c.with.map((p) => label(keuzes.parties, p).toLowerCase()).join(", ")}` : ""),
      c.notes ? h("p", { class: "verslag" }, c.notes) : null)));

  const doelen = h("div", {},
    k.goals.length === 0 ? h("p", {}, "Nog geen doelen.") : null,
    k.goals.map((doel, i) => formulier(`doel-${i}-kop`, [
      h("h3", { id: `doel-${i}-kop`, class: "verborgen" }, `Doel ${i + 1}`),
      veld(`Doel ${i + 1}`, "text", { waarde: doel, velden: [`goals[${i}]`] }),
      knop("Wijzigen", { soort: "submit", "aria-label": `Doel ${i + 1} wijzigen` }),
    ], (w) => invoke("goal_save", { case: id, index: i, text: w.text }), app, adres, "Het doel is gewijzigd.")),
    formulier("nieuw-doel-kop", [
      h("h3", { id: "nieuw-doel-kop" }, "Doel toevoegen"),
      veld("Nieuw doel", "text", { velden: [`goals[${k.goals.length}]`, "goals"] }),
      knop("Doel toevoegen", { soort: "submit" }),
    ], (w) => invoke("goal_save", { case: id, index: null, text: w.text }), app, adres, "Het doel is toegevoegd."));

  const acties = h("div", {},
    k.actions.length === 0 ? h("p", {}, "Nog geen afspraken over acties.") : h("table", {},
      h("caption", { class: "verborgen" }, "Acties"),
      h("thead", {}, h("tr", {}, ["Actie", "Wie", "Uiterlijk", "Klaar"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, k.actions.map((a, i) => h("tr", {},
        h("td", {}, a.text),
        h("td", {}, label(keuzes.owners, a.owner)),
        h("td", {}, datum(a.due_on) || "—"),
        h("td", {}, a.done_on ? datum(a.done_on) : knop("Afronden", {
          "aria-label": `Actie ${i + 1} afronden`,
          onclick: async () => {
            try {
              await invoke("action_finish", { case: id, index: i, on: vandaagIso() });
              app.meld("De actie is afgerond.");
              app.ga(adres);
              app.telling();
            } catch (e) {
              app.fout(e);
            }
          },
        })))))),
    // An open action can be changed: what, who and by when.
    k.actions.map((a, i) => (a.done_on ? null : h("details", { class: "wijzig" },
      h("summary", {}, `Actie ${i + 1} wijzigen`),
      formulier(`actie-${i}-kop`, [
        h("h3", { id: `actie-${i}-kop`, class: "verborgen" }, `Actie ${i + 1} wijzigen`),
        h("input", { type: "hidden", name: "case", value: id }),
        veld(`Actie ${i + 1}: wat`, "text", { waarde: a.text, velden: [`actions[${i}].text`, "actions"] }),
        veld(`Actie ${i + 1}: wie`, "owner", { soort: "select", keuzes: keuzes.owners.map((c) => [c.code, c.label]), waarde: a.owner }),
        veld(`Actie ${i + 1}: uiterlijk op`, "due_on", { waarde: datum(a.due_on), hulp: "dd-mm-jjjj", velden: [`actions[${i}].due_on`], autocomplete: "off" }),
        knop(`Actie ${i + 1} opslaan`, { soort: "submit" }),
      ], (w) => invoke("action_save", { form: { ...w, index: i } }), app, adres, "De actie is gewijzigd.")))),
    formulier("nieuwe-actie-kop", [
      h("h3", { id: "nieuwe-actie-kop" }, "Actie toevoegen"),
      h("input", { type: "hidden", name: "case", value: id }),
      veld("Wat", "text", { velden: ["actions"] }),
      veld("Wie", "owner", { soort: "select", keuzes: keuzes.owners.map((c) => [c.code, c.label]), waarde: "ondersteuner" }),
      veld("Uiterlijk op", "due_on", { hulp: "dd-mm-jjjj", autocomplete: "off" }),
      knop("Actie toevoegen", { soort: "submit" }),
    ], (w) => invoke("action_save", { form: w }), app, adres, "De actie is toegevoegd."));

  const klantTijd = keuzes.activities.filter((a) => ["voorbereiding", "dossiervorming", "uitzoekwerk", "registratie", "overleg", "contact"].includes(a.code));
  const tijdLijst = h("div", {},
    v.time.length === 0 ? h("p", {}, "Nog geen tijd geschreven buiten de contacten.") : h("ul", {},
      v.time.map((t) => h("li", {}, `${datum(t.on)} · ${label(keuzes.activities, t.activity)} · ${uren(t.minutes)}`))),
    formulier("tijd-kop", [
      h("h3", { id: "tijd-kop" }, "Tijd schrijven op deze kwestie"),
      h("input", { type: "hidden", name: "case", value: id }),
      veld("Datum", "on", { waarde: vandaagNl(), hulp: "dd-mm-jjjj", autocomplete: "off" }),
      veld("Duur (minuten)", "minutes", { soort: "text", inputmode: "numeric", autocomplete: "off" }),
      veld("Activiteit", "activity", { soort: "select", keuzes: klantTijd.map((c) => [c.code, c.label]) }),
      knop("Tijd schrijven", { soort: "submit" }),
    ], (w) => invoke("time_add", { form: w }), app, adres, "De tijd is geschreven."));

  // The case's facts are kept as a draft while they are changed.
  let gegevensKladje = null;
  const gegevensStatus = h("p", { class: "concept-status", role: "status" });
  const gegevens = formulier("gegevens-kop", [
    h("input", { type: "hidden", name: "id", value: id }),
    h("input", { type: "hidden", name: "client", value: v.client_id }),
    kwestieVelden(keuzes, k, true),
    h("div", { class: "knoppen" }, knop("Gegevens opslaan", { soort: "submit" })),
  ], (w) => invoke("case_change", { form: w }), app, adres, "De gegevens van de kwestie zijn opgeslagen.", () => gegevensKladje);
  gegevensKladje = await concept(gegevens, `case:${id}`, gegevensStatus, gegevensConcept);
  if (gegevensKladje.terug) gegevensStatus.textContent = "Wijzigingen die nog niet waren opgeslagen zijn teruggezet; kies Gegevens opslaan om ze te bewaren.";

  const afsluiten = open
    ? formulier("afsluiten-kop", [
      veld("Afgesloten op", "on", { waarde: vandaagNl(), hulp: "dd-mm-jjjj", velden: ["closed_on"], autocomplete: "off" }),
      veld("Reden", "reason", { soort: "select", keuzes: keuzes.closure_reasons.map((c) => [c.code, c.label]), velden: ["closure_reason"] }),
      knop("Kwestie afsluiten", { soort: "submit" }),
    ], (w) => invoke("case_close", { id, on: w.on, reason: w.reason }), app, adres, "De kwestie is afgesloten.")
    : h("div", {},
      h("p", {}, `Afgesloten op ${datum(k.closed_on)}: ${label(keuzes.closure_reasons, k.closure_reason)}.`),
      knop("Heropenen", {
        onclick: async () => {
          try {
            await invoke("case_reopen", { id });
            app.meld("De kwestie is weer open.");
            app.ga(adres);
            app.telling();
          } catch (e) {
            app.fout(e);
          }
        },
      }));

  const sectie = (kopId, titel, ...inhoud) => h("section", { "aria-labelledby": kopId }, h("h2", { id: kopId }, titel), ...inhoud);
  return [
    h("div", { class: "kopbalk" },
      h("h1", {}, `Kwestie ${k.id} van ${v.client_name}`),
      h("div", { class: "knoppen" },
        dialoogKnop("Informatieblad", () => invoke("sheet_print", { case: id }), informatieblad, app),
        open ? knop("Bezoek vastleggen", { hoofd: true, onclick: () => app.ga(`${adres}/bezoek`) }) : null)),
    h("p", { class: "onder-kop" },
      h("a", { href: `#/client/${encodeURIComponent(v.client_id)}` }, `Naar ${v.client_name}`),
      ` · gemeente ${v.municipality} · aangemeld ${datum(k.registered_on)}`,
      k.next_appointment ? ` · volgende afspraak ${datum(k.next_appointment)} om ${tijd(k.next_appointment)}` : "",
      open ? "" : ` · afgesloten ${datum(k.closed_on)}`),
    bezoekConcept ? h("p", { class: "let-op" }, "Er staat een bezoek klaar dat nog niet is opgeslagen. Kies Bezoek vastleggen om verder te gaan.") : null,
    h("p", { class: "vraag" }, k.question),
    sectie("contacten-kop", "Contacten", contacten),
    sectie("doelen-kop", "Doelen", doelen),
    sectie("acties-kop", "Acties", acties),
    sectie("tijd-sectie-kop", "Tijd", tijdLijst),
    sectie("gegevens-kop", "Gegevens van de kwestie", gegevensStatus, gegevens),
    sectie("afsluiten-kop", open ? "Kwestie afsluiten" : "Afgesloten", afsluiten),
  ];
}

// Bezoek vastleggen: date and time prefilled with now, duration, mode (home visit first), with
// whom (the client first), notes, next step and next appointment. What is typed is kept as a
// draft in the encrypted store, at most a second behind, and comes back after a crash.
import { invoke, vandaagNl, nuTijd } from "../tauri.js";
import { h, veld, vinkjes, knop, waarden, toonFout, wisFouten } from "../dom.js";
import { concept } from "../concept.js";

export async function toon([id], app) {
  const sleutel = `visit:${id}`;
  const [v, keuzes, bewaard] = await Promise.all([
    invoke("case_get", { id }),
    app.keuzes(),
    invoke("draft_get", { key: sleutel }),
  ]);
  const adres = `#/kwestie/${encodeURIComponent(id)}`;
  const form = h("form", { novalidate: true, class: "bezoek" },
    h("input", { type: "hidden", name: "case", value: id }),
    h("input", { type: "hidden", name: "draft", value: sleutel }),
    h("div", { class: "naast" },
      veld("Datum", "date", { waarde: vandaagNl(), hulp: "dd-mm-jjjj", velden: ["at"], autocomplete: "off" }),
      veld("Tijd", "time", { waarde: nuTijd(), hulp: "uu:mm", autocomplete: "off" })),
    veld("Duur (minuten)", "minutes", { inputmode: "numeric", autocomplete: "off", "data-eerst": true }),
    veld("Soort contact", "mode", { soort: "select", keuzes: keuzes.modes.map((c) => [c.code, c.label]), waarde: "huisbezoek" }),
    vinkjes("Met wie", "with", keuzes.parties.map((c) => [c.code, c.label]), ["client"]),
    veld("Verslag", "notes", { soort: "textarea", rows: 8, hulp: "Ctrl+Enter slaat op." }),
    veld("Volgende stap", "next_step", { autocomplete: "off" }),
    h("div", { class: "naast" },
      veld("Volgende afspraak op", "next_date", { hulp: "dd-mm-jjjj", velden: ["next_appointment"], autocomplete: "off" }),
      veld("Om", "next_time", { hulp: "uu:mm", autocomplete: "off" })),
    h("div", { class: "knoppen" },
      knop("Opslaan", { hoofd: true, soort: "submit" }),
      knop("Weggooien", { onclick: weggooien })));

  const status = h("p", { class: "concept-status", role: "status" });
  const kladje = await concept(form, sleutel, status, bewaard);
  if (kladje.terug) status.textContent = "Uw bezoek dat nog niet was opgeslagen is teruggezet.";

  async function weggooien() {
    await kladje.weg();
    app.ga(adres);
  }

  async function opslaan() {
    await kladje.klaar();
    wisFouten(form);
    try {
      await invoke("visit_record", { form: waarden(form) });
      app.meld("Het bezoek is opgeslagen.");
      app.ga(adres);
      app.telling();
    } catch (e) {
      toonFout(form, e);
      // What was typed stays, and stays kept.
      kladje.bewaar();
    }
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    opslaan();
  });
  form.elements.notes.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.ctrlKey) {
      ev.preventDefault();
      opslaan();
    }
  });

  return [
    h("h1", {}, `Bezoek vastleggen`),
    h("p", { class: "onder-kop" }, `Kwestie ${id} van `, h("a", { href: adres }, v.client_name)),
    status,
    form,
  ];
}

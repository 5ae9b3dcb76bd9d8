// Cliënt: the client's details, consents per purpose, cases, a new case, and the client's rights.
import { invoke, datum, vandaagNl } from "../tauri.js";
import { h, veld, vinkjes, knop, bijVersturen } from "../dom.js";
import { clientVelden } from "./clienten.js";
import { nieuwMetConcept } from "../concept.js";
import { rechtenSectie } from "./rechten.js";

const label = (lijst, code) => (lijst.find((k) => k.code === code) || { label: code }).label;

export async function toon([id], app) {
  const [v, keuzes] = await Promise.all([invoke("client_get", { id }), app.keuzes()]);
  const c = v.client;

  const gegevens = h("form", { novalidate: true, "aria-labelledby": "gegevens-kop" },
    h("input", { type: "hidden", name: "id", value: c.id }),
    clientVelden(keuzes, c),
    h("div", { class: "knoppen" }, knop("Opslaan", { soort: "submit" })));
  const opnieuw = (bericht) => () => {
    app.meld(bericht);
    app.ga(`#/client/${encodeURIComponent(id)}`);
  };
  bijVersturen(gegevens, (w) => invoke("client_change", { form: w }), opnieuw("De gegevens zijn opgeslagen."));

  const toestemmingen = c.consents.length === 0
    ? h("p", {}, "Nog geen toestemming vastgelegd.")
    : h("table", {},
      h("caption", { class: "verborgen" }, "Toestemmingen"),
      h("thead", {}, h("tr", {},
        ["Waarvoor", "Gegeven op", "Hoe", "Ingetrokken op", h("span", { class: "verborgen" }, "Actie")]
          .map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, c.consents.map((k) => h("tr", {},
        h("td", {}, label(keuzes.purposes, k.purpose)),
        h("td", {}, datum(k.given_on)),
        h("td", {}, label(keuzes.hows, k.how)),
        h("td", {}, k.withdrawn_on ? datum(k.withdrawn_on) : "—"),
        h("td", {}, k.withdrawn_on ? "" : knop("Intrekken", {
          "aria-label": `Toestemming ${label(keuzes.purposes, k.purpose).toLowerCase()} intrekken`,
          onclick: async () => {
            try {
              await invoke("consent_withdraw", { client: id, purpose: k.purpose, on: vandaagNl() });
              app.meld("De toestemming is ingetrokken.");
              app.ga(`#/client/${encodeURIComponent(id)}`);
            } catch (e) {
              app.fout(e);
            }
          },
        }))))));

  const nieuweToestemming = h("form", { novalidate: true, "aria-labelledby": "toestemming-kop" },
    h("input", { type: "hidden", name: "client", value: c.id }),
    veld("Waarvoor", "purpose", { soort: "select", keuzes: keuzes.purposes.map((k) => [k.code, k.label]) }),
    veld("Gegeven op", "given_on", { waarde: vandaagNl(), hulp: "dd-mm-jjjj", autocomplete: "off" }),
    veld("Hoe", "how", { soort: "select", keuzes: keuzes.hows.map((k) => [k.code, k.label]) }),
    h("div", { class: "knoppen" }, knop("Toestemming vastleggen", { soort: "submit" })));
  bijVersturen(nieuweToestemming, (w) => invoke("consent_give", { form: w }), opnieuw("De toestemming is vastgelegd."));

  const kwesties = v.cases.length === 0
    ? h("p", {}, "Nog geen kwesties.")
    : h("ul", { class: "kwesties" }, v.cases.map((k) => h("li", {},
      h("a", { href: `#/kwestie/${encodeURIComponent(k.id)}` }, `Kwestie ${k.id}, aangemeld ${datum(k.registered_on)}`),
      k.closed_on ? ` (afgesloten op ${datum(k.closed_on)})` : " (open)",
      h("p", { class: "vraag" }, k.question))));

  return [
    h("div", { class: "kopbalk" },
      h("h1", {}, c.name),
      knop("Nieuwe kwestie", { hoofd: true, onclick: () => app.ga(`#/client/${encodeURIComponent(id)}/nieuwe-kwestie`) })),
    h("section", { "aria-labelledby": "kwesties-kop" }, h("h2", { id: "kwesties-kop" }, "Kwesties"), kwesties),
    h("section", { "aria-labelledby": "toestemmingen-kop" },
      h("h2", { id: "toestemmingen-kop" }, "Toestemmingen"), toestemmingen,
      h("h3", { id: "toestemming-kop" }, "Toestemming vastleggen"), nieuweToestemming),
    h("section", { "aria-labelledby": "gegevens-kop" }, h("h2", { id: "gegevens-kop" }, "Gegevens"), gegevens),
    rechtenSectie(v, app),
  ];
}

/** The case form's fields: what a new case needs, and (`alles`) every fact of a case. */
export function kwestieVelden(keuzes, k = {}, alles = false) {
  const velden = [
    veld("Vraag van de cliënt", "question", { soort: "textarea", waarde: k.question || "", rows: 3 }),
    veld("Verwezen door", "referral", { soort: "select", keuzes: keuzes.referrals.map((c) => [c.code, c.label]), waarde: k.referral || "eigen-initiatief" }),
    vinkjes("Levensdomeinen", "domains", keuzes.domains.map((c) => [c.code, c.label]), k.domains || []),
    veld("Aangemeld op", "registered_on", { waarde: k.registered_on ? datum(k.registered_on) : vandaagNl(), hulp: "dd-mm-jjjj", autocomplete: "off" }),
  ];
  if (!alles) return velden;
  const na = k.next_appointment || "";
  const conflict = k.conflict_of_interest || {};
  return [
    ...velden,
    veld("Eerste contact op", "first_contact_on", { waarde: datum(k.first_contact_on), hulp: "dd-mm-jjjj", autocomplete: "off" }),
    veld("Eerste afspraak op", "first_appointment_on", { waarde: datum(k.first_appointment_on), hulp: "dd-mm-jjjj", autocomplete: "off" }),
    h("fieldset", {}, h("legend", {}, "Volgende afspraak"),
      veld("Datum van de volgende afspraak", "next_appointment_date", { waarde: datum(na), hulp: "dd-mm-jjjj", velden: ["next_appointment"], autocomplete: "off" }),
      veld("Tijd van de volgende afspraak", "next_appointment_time", { waarde: na.slice(11, 16), hulp: "uu:mm", autocomplete: "off" })),
    h("fieldset", {}, h("legend", {}, "Gemeente geïnformeerd over overschrijding"),
      veld("Gemeente geïnformeerd op", "extension_notified_on", { waarde: datum(k.extension_notified_on), hulp: "dd-mm-jjjj", autocomplete: "off" }),
      veld("Reden van de overschrijding", "extension_reason", { soort: "textarea", rows: 2, waarde: k.extension_reason || "" })),
    h("fieldset", {}, h("legend", {}, "Wlz"),
      veld("Wlz-indicatie afgegeven op", "wlz_indication_on", { waarde: datum(k.wlz_indication_on), hulp: "dd-mm-jjjj", autocomplete: "off" }),
      veld("Overgedragen aan de Wlz-uitvoerder op", "wlz_handover_on", { waarde: datum(k.wlz_handover_on), hulp: "dd-mm-jjjj", autocomplete: "off" })),
    h("fieldset", {}, h("legend", {}, "Onafhankelijkheid"),
      veld("Belangenverstrengeling", "conflict", { soort: "textarea", rows: 2, waarde: conflict.description || "", velden: ["conflict_of_interest"], hulp: "Laat leeg als er geen is." }),
      veld("Chinese wall", "chinese_wall", { soort: "textarea", rows: 2, waarde: conflict.chinese_wall || "", velden: ["conflict_of_interest.chinese_wall"], hulp: "Hoe de scheiding geregeld is." })),
  ];
}

export const nieuweKwestie = {
  async toon([id], app) {
    const [v, keuzes] = await Promise.all([invoke("client_get", { id }), app.keuzes()]);
    const form = h("form", { novalidate: true },
      h("input", { type: "hidden", name: "client", value: id }),
      kwestieVelden(keuzes),
      h("div", { class: "knoppen" },
        knop("Opslaan", { hoofd: true, soort: "submit" }),
        h("a", { href: `#/client/${encodeURIComponent(id)}`, class: "terug" }, "Annuleren")));
    form.elements.question.dataset.eerst = "";
    const status = await nieuwMetConcept(form, `case:nieuw:${id}`,
      (w) => invoke("case_open", { form: w }),
      (kid) => {
        app.meld("De kwestie is opgeslagen.");
        app.ga(`#/kwestie/${encodeURIComponent(kid)}`);
      });
    return [h("h1", {}, `Nieuwe kwestie voor ${v.client.name}`), status, form];
  },
};

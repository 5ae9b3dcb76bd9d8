// Cliënten: search as you type, a new client (with their consent to record data), and the
// clients whose retention term has passed.
import { invoke, datum, vandaagNl } from "../tauri.js";
import { h, veld, knop } from "../dom.js";
import { nieuwMetConcept } from "../concept.js";
import { bewaartermijn } from "./rechten.js";

export async function toon(_params, app) {
  const [rijen, verlopen] = await Promise.all([invoke("clients_search", { query: "" }), bewaartermijn(app)]);
  const tbody = h("tbody");
  const tabel = h("table", {},
    h("caption", { class: "verborgen" }, "Cliënten"),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Naam"),
      h("th", { scope: "col" }, "Gemeente"),
      h("th", { scope: "col" }, "Geboren"),
      h("th", { scope: "col" }, "Open kwesties"))),
    tbody);
  const aantal = h("p", { role: "status", "aria-live": "polite" });
  // The first page of what matches (in name order) and whether there is more: typing narrows it.
  const toonRijen = ({ rows: lijst, more: meer }) => {
    tbody.replaceChildren(...lijst.map((r) => h("tr", {},
      h("td", {}, h("a", { href: `#/client/${encodeURIComponent(r.id)}` }, r.name)),
      h("td", {}, r.municipality),
      h("td", {}, datum(r.born)),
      h("td", {}, String(r.open_cases)))));
    tabel.hidden = lijst.length === 0;
    aantal.textContent = meer
      ? `De eerste ${lijst.length} cliënten op naam; typ een deel van een naam of gemeente om verder te zoeken.`
      : lijst.length === 0 ? "Geen cliënten gevonden." : lijst.length === 1 ? "1 cliënt" : `${lijst.length} cliënten`;
  };
  toonRijen(rijen);
  let volgnummer = 0;
  const zoek = veld("Zoeken op naam of gemeente", "query", { soort: "search", autocomplete: "off" });
  zoek.querySelector("input").addEventListener("input", async (ev) => {
    const nummer = ++volgnummer;
    try {
      const lijst = await invoke("clients_search", { query: ev.target.value });
      if (nummer === volgnummer) toonRijen(lijst);
    } catch (e) {
      app.fout(e);
    }
  });
  return [
    h("div", { class: "kopbalk" },
      h("h1", {}, "Cliënten"),
      knop("Nieuwe cliënt", { hoofd: true, onclick: () => app.ga("#/nieuwe-client") })),
    h("div", { role: "search" }, zoek),
    aantal,
    tabel,
    verlopen,
  ];
}

/** The client form's fields (new and changed). */
export function clientVelden(keuzes, c = {}) {
  return [
    veld("Naam", "name", { waarde: c.name || "", autocomplete: "off" }),
    veld("Geboortedatum", "born", { waarde: datum(c.born), hulp: "dd-mm-jjjj", autocomplete: "off" }),
    veld("Gemeente", "municipality", {
      soort: "select",
      keuzes: keuzes.municipalities.map((m) => [m, m]),
      waarde: c.municipality || keuzes.municipalities[0] || "",
    }),
    veld("Adres", "address", { waarde: c.address || "", autocomplete: "off" }),
    veld("Telefoon", "phone", { soort: "tel", waarde: c.phone || "", autocomplete: "off" }),
    veld("E-mail", "email", { soort: "email", waarde: c.email || "", autocomplete: "off" }),
  ];
}

export const nieuw = {
  async toon(_params, app) {
    const keuzes = await app.keuzes();
    const form = h("form", { novalidate: true },
      clientVelden(keuzes),
      h("fieldset", {},
        h("legend", {}, "Toestemming om gegevens vast te leggen"),
        h("input", { type: "hidden", name: "purpose", value: "registratie" }),
        veld("Gegeven op", "given_on", { waarde: vandaagNl(), hulp: "dd-mm-jjjj", autocomplete: "off" }),
        veld("Hoe", "how", { soort: "select", keuzes: keuzes.hows.map((k) => [k.code, k.label]), waarde: "mondeling" })),
      h("div", { class: "knoppen" },
        knop("Opslaan", { hoofd: true, soort: "submit" }),
        h("a", { href: "#/clienten", class: "terug" }, "Annuleren")));
    form.elements.name.dataset.eerst = "";
    const status = await nieuwMetConcept(form, "client:nieuw",
      (w) => invoke("client_add", { form: w }),
      (id) => {
        app.meld("De cliënt is opgeslagen.");
        app.ga(`#/client/${encodeURIComponent(id)}`);
      });
    return [h("h1", {}, "Nieuwe cliënt"), status, form];
  },
};

// First start: who works here and under which contract, a passphrase where the computer has no
// credential store, then the recovery code, shown once.
import { invoke } from "../tauri.js";
import { h, veld, knop, waarden, toonFout, wisFouten } from "../dom.js";

export function toon(status, klaar) {
  const form = h("form", { novalidate: true },
    h("fieldset", {},
      h("legend", {}, "Uw organisatie"),
      veld("Naam van de organisatie", "organisation", { "data-eerst": true, autocomplete: "organization" })),
    h("fieldset", {},
      h("legend", {}, "Uzelf"),
      veld("Uw naam", "name", { autocomplete: "name" }),
      veld("Telefoon", "phone", { soort: "tel", autocomplete: "tel" }),
      veld("E-mail", "email", { soort: "email", autocomplete: "email" })),
    h("fieldset", {},
      h("legend", {}, "Uw contract met de gemeente"),
      veld("Contract", "rule_set", {
        soort: "select",
        keuzes: status.rule_sets.map((r) => [r.name, r.title]),
        waarde: status.rule_sets.length ? status.rule_sets[0].name : "",
      }),
      veld("Gemeenten", "municipalities", {
        soort: "textarea", rows: 3, hulp: "Eén gemeente per regel.",
      }),
      veld("Sleutel van de gemeente", "recipient", {
        hulp: "De gemeente geeft u deze sleutel bij het contract. Hij begint met age1. Alleen de gemeente kan de halfjaarrapportage daarmee openen.",
        autocomplete: "off", spellcheck: "false",
      })),
    // Shown when this computer cannot keep the key itself, or when it turns out it cannot.
    h("fieldset", { id: "wachtwoord-groep", hidden: !status.needs_passphrase },
      h("legend", {}, "Wachtwoord"),
      h("p", { class: "hulp" }, "Deze computer kan de sleutel van uw gegevens niet zelf bewaren. Kies een wachtwoord van minstens 10 tekens; u typt het elke keer dat u Wijzer opent."),
      veld("Wachtwoord", "passphrase", { soort: "password", autocomplete: "new-password" }),
      veld("Wachtwoord herhalen", "passphrase_again", { soort: "password", autocomplete: "new-password" })),
    h("div", { class: "knoppen" }, knop("Beginnen", { hoofd: true, soort: "submit" })));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    wisFouten(form);
    const knopEl = form.querySelector("button[type=submit]");
    knopEl.disabled = true;
    try {
      const gestart = await invoke("session_start", { form: waarden(form) });
      const main = form.closest("main");
      main.replaceChildren(...herstelcode(gestart.recovery_code, klaar));
      main.querySelector("h1").focus();
    } catch (e) {
      knopEl.disabled = false;
      if (e && e.field === "passphrase") form.querySelector("#wachtwoord-groep").hidden = false;
      toonFout(form, e);
    }
  });

  return [
    h("h1", {}, "Welkom bij Wijzer"),
    h("p", {}, "Wijzer bewaart uw cliëntdossiers versleuteld op deze computer. Vul eerst een paar gegevens in; u kunt ze later aanpassen."),
    form,
  ];
}

function herstelcode(code, klaar) {
  const form = h("form", { novalidate: true },
    h("div", { class: "vinkje" },
      h("input", { type: "checkbox", id: "opgeschreven", name: "opgeschreven" }),
      h("label", { for: "opgeschreven" }, "Ik heb de herstelcode opgeschreven")),
    h("div", { class: "knoppen" }, knop("Verder", { hoofd: true, soort: "submit" })));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!form.elements.opgeschreven.checked) {
      const vak = form.elements.opgeschreven;
      vak.dataset.veld = "opgeschreven";
      toonFout(form, { message: "Schrijf de code eerst op en vink dit dan aan.", field: "opgeschreven" });
      return;
    }
    klaar();
  });
  return [
    h("h1", { tabindex: "-1" }, "Uw herstelcode"),
    h("p", {}, "Schrijf deze code op papier en bewaar hem op een veilige plek, niet bij de laptop. Bent u uw wachtwoord kwijt, dan komt u alleen met deze code nog bij uw gegevens. Wijzer laat de code maar één keer zien."),
    h("p", { class: "herstelcode", id: "herstelcode" }, code),
    form,
  ];
}

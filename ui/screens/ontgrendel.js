// Unlock: the passphrase opens the store; a wrong one and a damaged file each get their message.
import { invoke } from "../tauri.js";
import { h, veld, knop, toonFout, wisFouten } from "../dom.js";

export function toon(_status, klaar, opnieuw) {
  const form = h("form", { novalidate: true },
    veld("Wachtwoord", "passphrase", { soort: "password", "data-eerst": true, autocomplete: "current-password" }),
    h("div", { class: "knoppen" }, knop("Ontgrendelen", { hoofd: true, soort: "submit" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    wisFouten(form);
    try {
      await invoke("session_unlock", { passphrase: form.elements.passphrase.value });
      form.elements.passphrase.value = "";
      klaar();
    } catch (e) {
      // A damaged store was set aside: the rescue screen takes over.
      if (e && e.kind === "damaged") return opnieuw();
      toonFout(form, e);
    }
  });
  return [
    h("h1", {}, "Wijzer ontgrendelen"),
    h("p", {}, "Uw gegevens zijn versleuteld. Typ uw wachtwoord om verder te gaan."),
    form,
  ];
}

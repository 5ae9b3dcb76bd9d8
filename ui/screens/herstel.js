// The rescue screen: the store was damaged and set aside (nothing thrown away); the newest
// backup that passed its check is offered, with what will be missing, and put back in one go.
import { invoke } from "../tauri.js";
import { h, knop } from "../dom.js";

export function toon(status, klaar) {
  const r = status.rescue || {};
  const fout = h("p", { class: "formfout", role: "alert" });
  const weg = r.set_aside
    ? `Wijzer kon uw gegevensbestand niet goed lezen. Het beschadigde bestand is opzij gezet als ${r.set_aside} in de map backups; er is niets weggegooid.`
    : "Uw gegevensbestand ontbreekt.";
  const delen = [h("h1", {}, "Gegevensbestand beschadigd"), h("p", {}, weg)];
  if (!r.backup) {
    delen.push(
      h("p", {}, "Er is geen reservekopie naast het bestand die de controle doorstaat."),
      h("p", {}, "Neem contact op met uw organisatie. Hebt u een reservekopie op een andere plek (een USB-stick), dan kan die met hulp worden teruggezet."));
    return delen;
  }
  const terug = knop("Reservekopie terugzetten", { hoofd: true });
  terug.addEventListener("click", async () => {
    terug.disabled = true;
    fout.textContent = "";
    try {
      const klaarMet = await invoke("rescue_restore");
      const verder = knop("Naar Vandaag", { hoofd: true });
      verder.addEventListener("click", () => klaar());
      const teruggezet = [
        h("h1", { tabindex: "-1" }, "Reservekopie teruggezet"),
        h("p", {}, `Uw gegevens van ${klaarMet.backup_made || "de reservekopie"} staan weer klaar.`),
        h("p", { class: "let-op" }, klaarMet.missing),
        klaarMet.erased_again
          ? h("p", {}, `${klaarMet.erased_again} cliënt(en) die na deze kopie zijn vernietigd, zijn opnieuw vernietigd.`)
          : null,
        h("p", {}, "Leg wat ontbreekt opnieuw vast, bijvoorbeeld uit uw agenda of aantekeningen."),
        h("div", { class: "knoppen" }, verder),
      ];
      const main = terug.closest("main");
      main.replaceChildren(...teruggezet.filter((x) => x));
      main.querySelector("h1").focus();
    } catch (e) {
      terug.disabled = false;
      fout.textContent = e && e.message ? e.message : String(e);
    }
  });
  delen.push(
    h("p", {}, `De laatste goede reservekopie is van ${r.backup_made || "onbekende datum"}.`),
    h("p", { class: "let-op" }, r.missing),
    h("div", { class: "knoppen" }, terug),
    fout);
  return delen;
}

// Drafts: what is typed in a form is kept in the encrypted store (never in the webview's own
// storage), shortly after typing stops and at least once a second while it goes on, and put
// back when the form is opened again after a crash.
import { invoke } from "./tauri.js";
import { h, waarden, vulIn, toonFout, wisFouten } from "./dom.js";

const BEWAAR_NA_MS = 300;
const UITERLIJK_MS = 1000;

/**
 * Keeps `form` under `sleutel`. Returns { terug: whether a draft was put back, klaar(): waits
 * for saves under way and stops, weg(): throws the draft away }. `status` shows a failure.
 * `gelezen`: the draft as already asked for beside the screen's own data (`draft_get`), so that
 * the screen waits once, not twice.
 */
export async function concept(form, sleutel, status, gelezen = invoke("draft_get", { key: sleutel })) {
  let terug = false;
  const bewaard = await gelezen;
  if (bewaard) {
    try {
      vulIn(form, JSON.parse(bewaard));
      terug = true;
    } catch (_) {
      terug = false;
    }
  }
  let wacht = null;
  let eerste = 0;
  let bezig = Promise.resolve();
  let gestopt = false;
  const bewaar = () => {
    clearTimeout(wacht);
    wacht = null;
    eerste = 0;
    if (gestopt) return bezig;
    const tekst = JSON.stringify(waarden(form));
    bezig = bezig.then(() => invoke("draft_save", { key: sleutel, body: tekst })).catch((e) => {
      if (status) status.textContent = `Wat u typt kon niet tussentijds worden bewaard: ${e.message || e}`;
    });
    return bezig;
  };
  const getypt = () => {
    if (gestopt) return;
    const nu = Date.now();
    if (!eerste) eerste = nu;
    clearTimeout(wacht);
    if (nu - eerste >= UITERLIJK_MS) bewaar();
    else wacht = setTimeout(bewaar, Math.min(BEWAAR_NA_MS, UITERLIJK_MS - (nu - eerste)));
  };
  form.addEventListener("input", getypt);
  form.addEventListener("change", getypt);
  return {
    terug,
    /** Saves what is typed now (after a refused save: nothing is lost). */
    bewaar,
    /** Saves what is still waiting and waits for it; call before the form is sent. */
    async klaar() {
      if (wacht) bewaar();
      await bezig;
    },
    /** Stops keeping and throws the draft away (the form was saved or discarded). */
    async weg() {
      gestopt = true;
      clearTimeout(wacht);
      await bezig;
      try {
        await invoke("draft_discard", { key: sleutel });
      } catch (_) { /* nothing was kept */ }
    },
  };
}

/**
 * A form for a new record, kept as a draft under `sleutel`: sent with `verstuur(values)`, then
 * `daarna(answer)`; the draft goes once the record is saved or the form is left with its
 * "Annuleren" link. Returns the status line to show above the form.
 */
export async function nieuwMetConcept(form, sleutel, verstuur, daarna) {
  const status = h("p", { class: "concept-status", role: "status" });
  const kladje = await concept(form, sleutel, status);
  if (kladje.terug) status.textContent = "Wat u eerder typte en nog niet was opgeslagen is teruggezet.";
  const annuleren = form.querySelector("a.terug");
  if (annuleren) annuleren.addEventListener("click", () => kladje.weg());
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    wisFouten(form);
    await kladje.klaar();
    try {
      const antwoord = await verstuur(waarden(form));
      await kladje.weg();
      daarna(antwoord);
    } catch (e) {
      toonFout(form, e);
    }
  });
  return status;
}

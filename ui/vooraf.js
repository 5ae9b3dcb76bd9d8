// Start-up: the first questions to the shell, asked while the rest of the UI is still loading.
// index.html loads this small module on its own (async, importing only the bridge), so that the
// questions are on their way while app.js and what it imports still load: the session's state
// and, when Vandaag is the first screen, its first page.
import { invoke, vandaagIso } from "./tauri.js";

/** How many signals Vandaag shows at first, and how many more "Meer tonen" adds. */
export const VANDAAG_STAP = 50;

/** The session's state, as asked for at start-up (app.js uses it once). */
export const status = invoke("session_status");
status.catch(() => {}); // app.js shows the error

const adres = location.hash;
let vandaag = !adres || adres === "#" || adres === "#/vandaag"
  ? invoke("vandaag", { today: vandaagIso(), shown: VANDAAG_STAP })
  : null;
if (vandaag) vandaag.catch(() => {}); // Vandaag shows the error, if it is used

/** Vandaag's first page as asked for at start-up, once; null after that, or when not asked. A
 * read only: when the store turns out not to be open, app.js drops it with `vergeetVandaag`. */
export function neemVandaag() {
  const p = vandaag;
  vandaag = null;
  return p;
}

export function vergeetVandaag() {
  vandaag = null;
}

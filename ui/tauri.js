// The bridge to the desktop shell, and the date and time formats shared by every screen.

/** Calls a command of the shell; rejects with its {kind, message, field} error. */
export function invoke(command, args = {}) {
  if (!window.__TAURI__) {
    return Promise.reject({ kind: "failed", message: "Wijzer draait hier niet in het bureaubladvenster.", field: null });
  }
  return window.__TAURI__.core.invoke(command, args);
}

/** How many signals Vandaag shows at first and how many more "Meer tonen" adds: set in
 * index.html, which asks for the first page at start-up. */
export const VANDAAG_STAP = window.wijzerVooraf.stap;

/** An answer that index.html asked for at start-up ("status", "vandaag"), once; null after that,
 * or when it was not asked. Its errors are for whoever takes it (the catch in index.html only
 * keeps an unused one from being reported). */
export function vooraf(naam) {
  const gevraagd = window.wijzerVooraf;
  if (!gevraagd[naam]) return null;
  const p = gevraagd[naam];
  gevraagd[naam] = null;
  return p;
}

const twee = (n) => String(n).padStart(2, "0");

/** "2026-01-05" (or "2026-01-05T09:30") → "05-01-2026" (dd-mm-jjjj, as the supporter writes dates). */
export function datum(iso) {
  if (!iso) return "";
  const [j, m, d] = iso.slice(0, 10).split("-");
  return `${d}-${m}-${j}`;
}

/** "2026-01-05T09:30" → "09:30". */
export function tijd(iso) {
  return iso && iso.length >= 16 ? iso.slice(11, 16) : "";
}

/** Today on this computer as jjjj-mm-dd (what the shell's commands take). */
export function vandaagIso(nu = new Date()) {
  return `${nu.getFullYear()}-${twee(nu.getMonth() + 1)}-${twee(nu.getDate())}`;
}

/** Today as the supporter types it: dd-mm-jjjj. */
export function vandaagNl(nu = new Date()) {
  return datum(vandaagIso(nu));
}

/** Now as uu:mm. */
export function nuTijd(nu = new Date()) {
  return `${twee(nu.getHours())}:${twee(nu.getMinutes())}`;
}

/** 135 → "2 uur en 15 minuten". */
export function uren(minuten) {
  const u = Math.floor(minuten / 60);
  const m = minuten % 60;
  const min = m === 1 ? "1 minuut" : `${m} minuten`;
  if (u === 0) return min;
  if (m === 0) return `${u} uur`;
  return `${u} uur en ${min}`;
}

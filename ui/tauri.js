// The bridge to the desktop shell, and formatting shared by every screen.

/** Calls a command of the shell; rejects with its {kind, message} error. */
export function invoke(command, args = {}) {
  if (!window.__TAURI__) {
    return Promise.reject({ kind: "shell", message: "Wijzer draait hier niet in het bureaubladvenster." });
  }
  return window.__TAURI__.core.invoke(command, args);
}

/** "2026-01-05" → "05-01-2026" (dd-mm-jjjj, as the supporter writes dates). */
export function datum(iso) {
  const [j, m, d] = iso.split("-");
  return `${d}-${m}-${j}`;
}

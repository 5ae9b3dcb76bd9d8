// The empty window's first paint, told to the shell the way Wijzer tells its first screen:
// after the frame that shows it.
requestAnimationFrame(() => setTimeout(() => window.__TAURI__.core.invoke("startup_drawn"), 0));

// Asks the app for the page's first data (the `boot` command) while the page's main script is
// still being loaded and parsed (about 40 ms); main.ts takes the answer (ui/src/lib/boot.ts).
// A plain script of its own, run as soon as the page's head is read: Tauri's IPC is there
// from the document's start.
window.__outreachBoot = window.__TAURI_INTERNALS__ ? window.__TAURI_INTERNALS__.invoke('boot') : undefined;

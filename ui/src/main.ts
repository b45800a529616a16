import { startup } from './lib/startup';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { readBoot } from './lib/boot';
import { applyTheme, storedTheme } from './lib/theme';
import { applyLanguage, languageOf, loadCatalogue, storedLanguage } from './lib/i18n.svelte';

// The theme chosen in Settings (or the system's), before the first paint.
applyTheme(storedTheme(), false);
// The language chosen in Settings (or the system's), before the first paint: its catalogue
// first, when it is not the bundled English one.
const language = storedLanguage();
await loadCatalogue(languageOf(language)).catch(() => {});
applyLanguage(language, false);

// The boot data is already on the page (an initialization script defines it before
// this module runs), so the first paint shows the cities.
const app = mount(App, { target: document.getElementById('app')!, props: { boot: readBoot() } });

startup.mounted = performance.now();

export default app;

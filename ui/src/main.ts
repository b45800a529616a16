import { startup } from './lib/startup';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { bootOrFailed, requestBoot } from './lib/boot';
import { applyTheme, storedTheme } from './lib/theme';
import { applyLanguage, languageOf, loadCatalogue, storedLanguage } from './lib/i18n.svelte';

// The page's first data, asked for at once: the app has been making it since it started.
const booting = requestBoot();
// The theme chosen in Settings (or the system's), before the first paint.
applyTheme(storedTheme(), false);
// The language chosen in Settings (or the system's), before the first paint: its catalogue
// first, when it is not the bundled English one.
const language = storedLanguage();
await loadCatalogue(languageOf(language)).catch(() => {});
applyLanguage(language, false);

// Mounted with the data, so the first paint shows the cities.
const boot = bootOrFailed(await booting);
const app = mount(App, { target: document.getElementById('app')!, props: { boot } });

startup.mounted = performance.now();

export default app;

import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';
import { loadCatalogue } from './lib/i18n.svelte';

// Each test starts with an empty document.
afterEach(() => cleanup());

// jsdom does not lay out pages, so it has no scrollIntoView.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

// The Ukrainian catalogue is a chunk the page loads before its first paint when Ukrainian is
// shown (main.ts); tests switch languages directly, so it is loaded here once.
await loadCatalogue('uk');

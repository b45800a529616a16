import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';

// Each test starts with an empty document.
afterEach(() => cleanup());

// jsdom does not lay out pages, so it has no scrollIntoView.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

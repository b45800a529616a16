import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { contrast, tokensOf } from './theme';

// The stylesheets as written (the test runs in ui/).
const css = readFileSync('src/theme.css', 'utf8');
const app = readFileSync('src/app.css', 'utf8');
const themes = {
  light: tokensOf(css, ':root'),
  dark: tokensOf(css, ":root[data-theme='dark']"),
};

// Text on its background: WCAG AA, 4.5:1.
const text: [string, string][] = [
  ['ink', 'bg'], ['ink', 'panel'], ['ink', 'field-bg'], ['ink', 'hover-bg'], ['ink', 'selected-bg'], ['ink', 'subtle-bg'],
  ['muted', 'bg'], ['muted', 'panel'], ['muted', 'field-bg'], ['muted', 'hover-bg'],
  ['accent', 'panel'], ['accent', 'bg'], ['accent', 'hover-bg'],
  ['on-accent', 'accent'], ['on-accent-2', 'accent-2'], ['bg', 'ink'],
  ['active', 'active-bg'], ['suspended', 'suspended-bg'], ['severed', 'severed-bg'], ['unknown', 'unknown-bg'],
  ['active', 'panel'], ['suspended', 'panel'], ['severed', 'panel'], ['unknown', 'panel'],
  ['warn-ink', 'warn-bg'], ['warn-ink', 'panel'],
];
// Controls and graphics (the focus ring, the map's dots): 3:1.
const graphics: [string, string][] = [
  ['focus', 'bg'], ['focus', 'panel'], ['focus', 'field-bg'], ['focus', 'hover-bg'],
  // In the top bar (on the accent colour) the ring is drawn in --on-accent.
  ['on-accent', 'accent'],
  ['map-active', 'map-land'], ['map-suspended', 'map-land'], ['map-severed', 'map-land'], ['map-unknown', 'map-land'],
];

describe('the colour tokens', () => {
  it('follow the system: the dark block under prefers-color-scheme is the dark theme', () => {
    const media = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
    expect(tokensOf(media, ":root:not([data-theme='light'])")).toEqual(themes.dark);
    expect(Object.keys(themes.dark).sort()).toEqual(Object.keys(themes.light).sort());
  });

  for (const [name, tokens] of Object.entries(themes)) {
    it(`meet WCAG AA in the ${name} theme: text 4.5:1, focus ring and map dots 3:1`, () => {
      const failing: string[] = [];
      for (const [min, pairs] of [[4.5, text], [3, graphics]] as const) {
        for (const [fg, bg] of pairs) {
          expect(tokens[fg], `--${fg}`).toMatch(/^#[0-9a-f]{6}$/i);
          expect(tokens[bg], `--${bg}`).toMatch(/^#[0-9a-f]{6}$/i);
          const ratio = contrast(tokens[fg], tokens[bg]);
          if (ratio < min) failing.push(`--${fg} on --${bg}: ${ratio.toFixed(2)} < ${min}`);
        }
      }
      expect(failing).toEqual([]);
    });
  }

  it('are the only colours the stylesheet names', () => {
    expect(app.match(/#[0-9a-f]{3,8}\b|rgba?\(/gi) ?? []).toEqual([]);
  });

  it('measure contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

describe('the theme setting', () => {
  it('names a theme on the root element and remembers it; "system" leaves it to the system', async () => {
    const { applyTheme, storedTheme } = await import('./theme');
    applyTheme('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(storedTheme()).toBe('dark');
    applyTheme('system');
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
    expect(storedTheme()).toBe('system');
  });
});

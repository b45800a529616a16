import { describe, expect, it, vi } from 'vitest';
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
  it('are written once each: the dark theme sets every light token, and no other block sets any', () => {
    expect(Object.keys(themes.dark).sort()).toEqual(Object.keys(themes.light).sort());
    expect(css.match(/--[a-z0-9-]+:/g)?.length).toBe(2 * Object.keys(themes.light).length);
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
  it('names a theme on the root element and remembers it; "system" follows the system', async () => {
    // A system in dark mode that turns light later.
    const listeners = new Set<() => void>();
    const query = {
      matches: true,
      addEventListener: (_: string, f: () => void) => listeners.add(f),
      removeEventListener: (_: string, f: () => void) => listeners.delete(f),
    };
    const media = vi.fn(() => query);
    vi.stubGlobal('matchMedia', media);
    try {
      const { applyTheme, storedTheme } = await import('./theme');
      const shown = () => document.documentElement.dataset.theme;
      applyTheme('light');
      expect(shown()).toBe('light');
      expect(storedTheme()).toBe('light');
      applyTheme('system');
      expect(media).toHaveBeenCalledWith('(prefers-color-scheme: dark)');
      expect(shown()).toBe('dark');
      expect(storedTheme()).toBe('system');
      query.matches = false;
      listeners.forEach((f) => f());
      expect(shown()).toBe('light');
      // A chosen theme stops following the system.
      applyTheme('dark');
      expect(shown()).toBe('dark');
      expect(listeners.size).toBe(0);
      query.matches = true;
      listeners.forEach((f) => f());
      expect(shown()).toBe('dark');
      expect(storedTheme()).toBe('dark');
      applyTheme('system');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

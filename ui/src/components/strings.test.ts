// No component (nor App.svelte) writes a user-visible word of its own: every text node and every aria-label,
// title, placeholder, alt and label attribute is a catalogue lookup (`{t(...)}`), data, or one
// of the few words below that are the same in every language.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['./*.svelte', '../App.svelte'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Words that stay as they are in every language: the app's name, key names, file formats. */
const ALLOWED = new Set(['Outreach Desk', 'N', 'L', 'S', 'O', 'R', 'Esc', 'Enter', 'Ctrl+Z', 'Alt+2', 'Alt+', 'CSV', 'JSON']);
/** A placeholder that shows the form of an address (https://…, postgres://…, /a/path) is no word. */
const isAddress = (v: string) => /^(\w+:\/\/|\/)\S*$/.test(v);

/** The template with every `{…}` (expressions, blocks, nested objects) replaced by a mark. */
function withoutExpressions(template: string): string {
  let out = '';
  let depth = 0;
  for (const ch of template) {
    if (ch === '{') {
      if (depth === 0) out += '\u0001';
      depth += 1;
    } else if (ch === '}' && depth > 0) depth -= 1;
    else if (depth === 0) out += ch;
  }
  return out;
}

/** The words a component's template writes itself (text nodes and labelling attributes). */
export function hardCoded(source: string): string[] {
  const template = source
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const bare = withoutExpressions(template);
  const found: string[] = [];
  for (const m of bare.matchAll(/\s(aria-label|title|placeholder|alt|label)="([^"]*)"/g)) {
    const value = m[2].replace(/\u0001/g, ' ').trim();
    if (/\p{L}/u.test(value) && !ALLOWED.has(value) && !isAddress(value)) found.push(`${m[1]}="${value}"`);
  }
  // Text between tags (attributes removed first, so a `>` inside one does not count).
  const text = bare.replace(/<[^>]*>/g, '\u0002');
  for (const chunk of text.split('\u0002')) {
    for (const part of chunk.split('\u0001')) {
      const words = part.trim();
      if (/\p{L}/u.test(words) && !ALLOWED.has(words)) found.push(words);
    }
  }
  return found;
}

describe('the components', () => {
  it('are all scanned', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });

  it('take every visible word from the catalogue', () => {
    const offenders = Object.entries(sources).flatMap(([file, src]) => hardCoded(src).map((w) => `${file}: ${w}`));
    expect(offenders).toEqual([]);
  });

  it('(the scan itself finds text nodes and labelling attributes, and passes lookups, data and key names)', () => {
    expect(hardCoded('<button type="button" onclick={save}>Save <kbd>Enter</kbd></button>')).toEqual(['Save']);
    expect(hardCoded('<p>{count} cities</p>')).toEqual(['cities']);
    expect(hardCoded('<section aria-label="City details"><input placeholder="e.g. {x}" /></section>')).toEqual(['aria-label="City details"', 'placeholder="e.g."']);
    expect(hardCoded('<script>const a = "Hello";</script><h2>{t(\'x.y\', { n: 1 })}</h2><span title={t(\'z\')}>{city.name} · {when}</span>')).toEqual([]);
  });
});

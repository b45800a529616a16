// The call script's merge fields as a volunteer reads them, and the visible gap shown when a
// field has no value (never a silent blank).
import type { ScriptPart } from './bindings/ScriptPart';
import { tKey } from './i18n.svelte';

/** "mayor_name" → "mayor’s name"; unknown fields keep their own name, underscores as spaces. */
export function fieldName(field: string): string {
  const key = `script.field.${field}`;
  const name = tKey(key);
  return name === key ? field.replace(/_/g, ' ') : name;
}

/** The text a gap shows in place of a missing value: "[mayor’s name?]". */
export function gapText(field: string): string {
  return `[${fieldName(field)}?]`;
}

/** The names of the fields left empty, once each, in the order they appear. */
export function gaps(parts: ScriptPart[]): string[] {
  const out: string[] = [];
  for (const p of parts) if (p.kind === 'field' && (p.value === null || p.value === '') && !out.includes(fieldName(p.field))) out.push(fieldName(p.field));
  return out;
}

/**
 * Script text as it reads aloud: a single line break (the template wrapped in its file)
 * becomes a space; a blank line stays a paragraph break.
 */
export function displayText(text: string): string {
  return text.replace(/([^\n])\n(?!\n)/g, '$1 ');
}

// Puts an `invalid_input` error beside the field it is about. The core's messages for bad
// input have the form "<field>: <problem>" (outreach_core::Error::InvalidInput), with the
// field named as a person would ("last verified", "follow-up"); each form maps those names to
// its inputs.
import type { ErrorPayload } from './bindings/ErrorPayload';

export type FieldErrors<K extends string> = { field: Partial<Record<K, string>>; form: string | null };

/**
 * The error split into a message for one of the form's fields, or for the whole form when it
 * names none of them (or is not about bad input).
 */
export function fieldErrors<K extends string>(error: ErrorPayload, fields: Record<K, string>): FieldErrors<K> {
  if (error.kind === 'invalid_input') {
    for (const [key, name] of Object.entries(fields) as [K, string][]) {
      const prefix = `${name}: `;
      if (error.message.startsWith(prefix)) {
        const problem = error.message.slice(prefix.length);
        return { field: { [key]: problem } as Partial<Record<K, string>>, form: null };
      }
    }
  }
  return { field: {}, form: error.message };
}

/** Today as YYYY-MM-DD in the volunteer's time zone. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

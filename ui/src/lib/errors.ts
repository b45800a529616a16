// Errors from the core in the language shown now (issue 11). The core's payload carries a
// stable `kind`, and for bad input the `field` (an `InputField`) and the `code` (a `Problem`);
// the message is built from the catalogue entries keyed by them (`error.kind.*`,
// `field.*`, `problem.*`). In English the core's own message is shown: it is the same sentence
// with the specifics filled in (the file, the row, the value), which the catalogue cannot know.
// A kind the catalogue lacks falls back to the core's message.
import type { ErrorPayload } from './bindings/ErrorPayload';
import { locale, t, tKey } from './i18n.svelte';

function known(key: string): string | null {
  const text = tKey(key);
  return text === key ? null : text;
}

/** What is wrong with the input, without its name (shown beside the input). */
export function problemMessage(e: ErrorPayload): string {
  if (locale() === 'en') return e.problem ?? e.message;
  return (e.code && known(`problem.${e.code}`)) || errorMessage(e);
}

/** The whole message: "<field>: <problem>" for bad input, else the kind's sentence. */
export function errorMessage(e: ErrorPayload): string {
  if (locale() === 'en') return e.message;
  const field = e.field && known(`field.${e.field}`);
  const problem = e.code && known(`problem.${e.code}`);
  if (field && problem) return t('error.invalid', { field, problem });
  return known(`error.kind.${e.kind}`) ?? e.message;
}

/** The payload with its message and problem in the language shown now (kind, field and code unchanged). */
export function localized(e: ErrorPayload): ErrorPayload {
  if (locale() === 'en') return e;
  const out: ErrorPayload = { ...e, message: errorMessage(e) };
  if (e.problem !== undefined || e.code !== undefined) out.problem = problemMessage(e);
  return out;
}

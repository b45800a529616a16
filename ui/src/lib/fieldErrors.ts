// Puts an error beside the input it is about. The core says which input a bad-input error
// is about (`ErrorPayload.field`, an `InputField` key) and gives the problem without the
// field's name (`problem`); a form lists the keys of its inputs and shows an error naming
// none of them for the whole form.
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { InputField } from './bindings/InputField';

export type FieldErrors<K extends InputField> = { field: Partial<Record<K, string>>; form: string | null };

/** No error. */
export function noErrors<K extends InputField>(): FieldErrors<K> {
  return { field: {}, form: null };
}

/**
 * The error as a message for one of the form's inputs (`fields`), or for the whole form
 * when it names none of them (or is not about bad input).
 */
export function fieldErrors<K extends InputField>(error: ErrorPayload, fields: readonly K[]): FieldErrors<K> {
  const field = error.field as K | undefined;
  if (field && fields.includes(field)) {
    return { field: { [field]: error.problem ?? error.message } as Partial<Record<K, string>>, form: null };
  }
  return { field: {}, form: error.message };
}

/** Today as YYYY-MM-DD in the volunteer's time zone. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

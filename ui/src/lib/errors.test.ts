import { afterEach, describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import uk from '../locales/uk.json';
import { applyLanguage } from './i18n.svelte';
import { errorMessage, localized, problemMessage } from './errors';
import { fieldErrors } from './fieldErrors';
import { asError } from './api';

// The generated unions (ts-rs, from the core's enums), read as written: every value the core
// can send, without writing them a second time here.
const bindings = import.meta.glob('./bindings/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
function valuesOf(type: string): string[] {
  const text = bindings[`./bindings/${type}.ts`];
  const union = new RegExp(`export type ${type} = ([^;]+);`).exec(text)?.[1] ?? '';
  const values = [...union.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  expect(values.length, `${type} has values`).toBeGreaterThan(0);
  return values;
}

const missing = (prefix: string, values: string[]) =>
  values.filter((v) => !(`${prefix}${v}` in en) || !(`${prefix}${v}` in uk)).map((v) => `${prefix}${v}`);

afterEach(() => applyLanguage('system'));

describe('every value the core can send has words in both catalogues', () => {
  it('every ErrorKind, Problem and InputField', () => {
    expect(missing('error.kind.', valuesOf('ErrorKind'))).toEqual([]);
    expect(missing('problem.', valuesOf('Problem'))).toEqual([]);
    expect(missing('field.', valuesOf('InputField'))).toEqual([]);
  });

  it('every vocabulary value, by its key (not by the core’s English label)', () => {
    expect(missing('vocab.relationship_status.', valuesOf('RelationshipStatus'))).toEqual([]);
    expect(missing('vocab.response.', valuesOf('CityResponse'))).toEqual([]);
    expect(missing('vocab.outcome.', valuesOf('CallOutcome'))).toEqual([]);
    expect(missing('vocab.channel.', valuesOf('Channel'))).toEqual([]);
    expect(missing('vocab.kind.', valuesOf('JurisdictionKind'))).toEqual([]);
    expect(missing('vocab.confidence.', valuesOf('Confidence'))).toEqual([]);
  });

  it('every other value the window words: queue reasons, providers, import actions, refusals, exports', () => {
    expect(missing('queue.why.', valuesOf('QueueReason'))).toEqual([]);
    expect(missing('sigSettings.provider.', valuesOf('ProviderKind'))).toEqual([]);
    expect(missing('exchange.action.', valuesOf('ImportAction'))).toEqual([]);
    expect(missing('exchange.refusal.', valuesOf('RefusalReason'))).toEqual([]);
    expect(missing('exchange.kind.', valuesOf('ExportKind'))).toEqual([]);
  });
});

describe('an error from the core, in Ukrainian', () => {
  const badPhone = { kind: 'invalid_input', message: 'phone: "abc" is not a phone number', field: 'phone', code: 'not_a_phone', problem: '"abc" is not a phone number' } as const;

  it('is built from its field and code, the field named in Ukrainian', () => {
    applyLanguage('uk', false);
    expect(errorMessage(badPhone)).toBe('телефон: не схоже на номер телефону');
    expect(problemMessage(badPhone)).toBe('не схоже на номер телефону');
    // Beside its input, through the same path the forms use.
    expect(fieldErrors(asError(badPhone), ['phone']).field.phone).toBe('не схоже на номер телефону');
  });

  it('is worded by its kind, with the core’s message only for a kind the catalogue lacks', () => {
    applyLanguage('uk', false);
    expect(errorMessage({ kind: 'team_unreachable', message: 'team sync: db.example.org did not answer' })).toBe('Сервер кампанії не відповідає.');
    expect(localized({ kind: 'store_write', message: 'disk full' }).message).toMatch(/^Зараз не вдалося зберегти дані/);
    expect(errorMessage({ kind: 'some_new_kind' as never, message: 'the core’s own words' })).toBe('the core’s own words');
  });

  it('in English is the core’s own message, which names the value', () => {
    applyLanguage('en', false);
    expect(errorMessage(badPhone)).toBe('phone: "abc" is not a phone number');
    expect(asError(badPhone)).toEqual(badPhone);
  });
});

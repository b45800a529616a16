import { describe, expect, it } from 'vitest';
import { fieldErrors, todayIso } from './fieldErrors';

const fields = { phone: 'phone', lastVerified: 'last verified', email: 'email' };

describe('fieldErrors', () => {
  it('puts a bad-input message beside the field it names', () => {
    const e = fieldErrors({ kind: 'invalid_input', message: 'last verified: "2022-13-01" is not a date of the form YYYY-MM-DD' }, fields);
    expect(e).toEqual({ field: { lastVerified: '"2022-13-01" is not a date of the form YYYY-MM-DD' }, form: null });
    expect(fieldErrors({ kind: 'invalid_input', message: 'phone: "abc" cannot be dialled' }, fields).field.phone).toBe('"abc" cannot be dialled');
  });

  it('shows other errors for the whole form', () => {
    expect(fieldErrors({ kind: 'unknown_city', message: 'no target city has the slug "x"' }, fields)).toEqual({ field: {}, form: 'no target city has the slug "x"' });
    expect(fieldErrors({ kind: 'invalid_input', message: 'website: not a web address' }, fields).form).toBe('website: not a web address');
  });
});

describe('todayIso', () => {
  it('gives the local date as YYYY-MM-DD', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

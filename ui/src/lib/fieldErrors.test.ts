import { describe, expect, it } from 'vitest';
import { fieldErrors, todayIso } from './fieldErrors';

const fields = ['phone', 'last_verified', 'email'] as const;

describe('fieldErrors', () => {
  it('puts a bad-input error beside the input the core names', () => {
    const e = fieldErrors(
      { kind: 'invalid_input', message: 'last verified: "2022-13-01" is not a date of the form YYYY-MM-DD', field: 'last_verified', code: 'not_a_date', problem: '"2022-13-01" is not a date of the form YYYY-MM-DD' },
      fields,
    );
    expect(e).toEqual({ field: { last_verified: '"2022-13-01" is not a date of the form YYYY-MM-DD' }, form: null });
  });

  it('does not read the message: a message that looks like a field is still for the form', () => {
    expect(fieldErrors({ kind: 'invalid_input', message: 'phone: "abc" cannot be dialled' }, fields)).toEqual({ field: {}, form: 'phone: "abc" cannot be dialled' });
  });

  it('shows other errors, and bad input in an input the form lacks, for the whole form', () => {
    expect(fieldErrors({ kind: 'unknown_city', message: 'no target city has the slug "x"' }, fields)).toEqual({ field: {}, form: 'no target city has the slug "x"' });
    expect(fieldErrors({ kind: 'invalid_input', message: 'website: not a web address', field: 'website', code: 'not_a_web_address', problem: 'not a web address' }, fields).form).toBe('website: not a web address');
  });
});

describe('todayIso', () => {
  it('gives the local date as YYYY-MM-DD', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

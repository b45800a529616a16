import { describe, expect, it } from 'vitest';
import { displayText, fieldName, gapText, gaps } from './script';

describe('the call script', () => {
  it('names merge fields as a volunteer reads them', () => {
    expect(fieldName('mayor_name')).toBe('mayor’s name');
    expect(fieldName('volunteer_name')).toBe('your name');
    expect(fieldName('some_new_field')).toBe('some new field');
  });

  it('shows a missing value as a visible gap', () => {
    expect(gapText('mayor_name')).toBe('[mayor’s name?]');
  });

  it('lists each missing field once, in order', () => {
    expect(
      gaps([
        { kind: 'text', text: 'Hello ' },
        { kind: 'field', field: 'mayor_name', value: null },
        { kind: 'field', field: 'city', value: 'Portland' },
        { kind: 'field', field: 'volunteer_name', value: '' },
        { kind: 'field', field: 'mayor_name', value: null },
      ]),
    ).toEqual(['mayor’s name', 'your name']);
  });
});

describe('displayText', () => {
  it('joins lines wrapped in the template but keeps paragraphs', () => {
    expect(displayText("until Russia's war\nagainst Ukraine ends.\n\nThank you.")).toBe("until Russia's war against Ukraine ends.\n\nThank you.");
  });
});

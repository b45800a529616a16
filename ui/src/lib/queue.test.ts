import { describe, expect, it } from 'vitest';
import { telHref, toCallText, whyThisCity } from './queue';
import { labels } from '../test/fixtures';
import type { QueueEntry } from './bindings/QueueEntry';

const entry = (over: Partial<QueueEntry>): QueueEntry => ({
  slug: 'portland-or',
  city: 'Portland',
  state: 'OR',
  sister_city: 'Khabarovsk',
  status: 'active',
  reason: 'never_called',
  task: 'call',
  contact_id: 'c1',
  contact_name: 'Keith Wilson',
  contact_role: 'Mayor',
  phone: '503-823-4120',
  due_date: null,
  last_call_at: null,
  ...over,
});

describe('why this city', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it('words every reason in one line', () => {
    expect(whyThisCity(entry({}), labels, now)).toBe('The sister-city link is active and nobody has called yet.');
    expect(whyThisCity(entry({ reason: 'follow_up_due', status: 'severed', due_date: '2026-12-01' }), labels, now)).toBe('A follow-up is due today (severed sister-city link).');
    expect(whyThisCity(entry({ reason: 'follow_up_overdue', due_date: '2026-11-20' }), labels, now)).toBe('A follow-up was due 20 Nov 2026 and is overdue (active sister-city link).');
    expect(whyThisCity(entry({ reason: 'status_unknown', status: 'unknown' }), labels, now)).toBe('Nobody knows whether the sister-city link is still in place: this call finds out (nobody has called yet).');
    expect(whyThisCity(entry({ reason: 'make_final', status: 'suspended', last_call_at: '2026-11-21T10:00:00Z' }), labels, now)).toBe(
      'The sister-city link is suspended: thank them and ask to make it final (last called 10 days ago).',
    );
    expect(whyThisCity(entry({ reason: 'called_longest_ago', last_call_at: '2026-10-01T10:00:00Z' }), labels, now)).toBe(
      'The sister-city link is still active; of those, this city was called 2026-10-01, the longest ago.',
    );
  });
  it('says when the number must be found first', () => {
    expect(whyThisCity(entry({ task: 'find_number', phone: null }), labels, now)).toBe('The sister-city link is active and nobody has called yet. No phone number yet: find the number first.');
  });
});

describe('phone and counts', () => {
  it('dials digits only, keeping a leading +', () => {
    expect(telHref('503-823-4120')).toBe('tel:5038234120');
    expect(telHref('+1 (850) 891-2000')).toBe('tel:+18508912000');
  });
  it('counts cities in words', () => {
    expect(toCallText(1)).toBe('1 city to call now');
    expect(toCallText(12)).toBe('12 cities to call now');
  });
});

// "Call next" as a volunteer reads it: the one-line "why this city", and the phone as a
// tel: address. The order itself is the core's (outreach_core::queue); nothing is re-sorted here.
import type { Labels } from './bindings/Labels';
import type { QueueEntry } from './bindings/QueueEntry';
import { formatPartialDate, formatWhen } from './format';

/** "Why this city", in one line. */
export function whyThisCity(e: QueueEntry, labels: Labels, now: Date = new Date()): string {
  const last = e.last_call_at ? `last called ${formatWhen(e.last_call_at, now).toLowerCase()}` : 'nobody has called yet';
  const status = labels.relationship_status[e.status] ?? e.status;
  let why: string;
  switch (e.reason) {
    case 'follow_up_due':
      why = `A follow-up is due today (${status.toLowerCase()} tie).`;
      break;
    case 'follow_up_overdue':
      why = `A follow-up was due ${e.due_date ? formatPartialDate(e.due_date) : 'earlier'} and is overdue (${status.toLowerCase()} tie).`;
      break;
    case 'never_called':
      why = 'The tie is active and nobody has called yet.';
      break;
    case 'status_unknown':
      why = `Nobody knows whether the tie is still in place: this call finds out (${last}).`;
      break;
    case 'make_final':
      why = `The tie is suspended: thank them and ask to make it final (${last}).`;
      break;
    case 'called_longest_ago':
      why = `The tie is still active; of those, this city was ${last.replace('last called', 'called')}, the longest ago.`;
      break;
  }
  return e.task === 'find_number' ? `${why} No phone number yet: find the number first.` : why;
}

/** A phone number as a tel: address: digits and a leading +, nothing else. */
export function telHref(phone: string): string {
  const plus = phone.trim().startsWith('+') ? '+' : '';
  return `tel:${plus}${phone.replace(/[^0-9]/g, '')}`;
}

/** "1 city to call now", "12 cities to call now". */
export function toCallText(n: number): string {
  return `${n} ${n === 1 ? 'city' : 'cities'} to call now`;
}

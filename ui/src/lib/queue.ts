// "Call next" as a volunteer reads it: the one-line "why this city", and the phone as a
// tel: address. The order itself is the core's (outreach_core::queue); nothing is re-sorted here.
import type { Labels } from './bindings/Labels';
import type { QueueEntry } from './bindings/QueueEntry';
import { formatPartialDate, formatWhen } from './format';
import { t, vocabLabel } from './i18n.svelte';

/** "Why this city", in one line. */
export function whyThisCity(e: QueueEntry, _labels: Labels, now: Date = new Date()): string {
  const when = e.last_call_at ? formatWhen(e.last_call_at, now).toLowerCase() : null;
  const last = when ? t('queue.lastCalled', { when }) : t('queue.nobodyCalled');
  const status = vocabLabel('relationship_status', e.status).toLowerCase();
  let why: string;
  switch (e.reason) {
    case 'follow_up_due':
      why = t('queue.why.follow_up_due', { status });
      break;
    case 'follow_up_overdue':
      why = t('queue.why.follow_up_overdue', { date: e.due_date ? formatPartialDate(e.due_date) : t('queue.why.earlier'), status });
      break;
    case 'never_called':
      why = t('queue.why.never_called');
      break;
    case 'status_unknown':
      why = t('queue.why.status_unknown', { last });
      break;
    case 'make_final':
      why = t('queue.why.make_final', { last });
      break;
    case 'called_longest_ago':
      why = t('queue.why.called_longest_ago', { last: when ? t('queue.calledWhen', { when }) : t('queue.nobodyCalled') });
      break;
  }
  return e.task === 'find_number' ? t('queue.why.findNumber', { why }) : why;
}

/** A phone number as a tel: address: digits and a leading +, nothing else. */
export function telHref(phone: string): string {
  const plus = phone.trim().startsWith('+') ? '+' : '';
  return `tel:${plus}${phone.replace(/[^0-9]/g, '')}`;
}

/** "1 city to call now", "12 cities to call now". */
export function toCallText(n: number): string {
  return t('queue.toCall', { count: n });
}

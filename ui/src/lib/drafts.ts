// A form's half-written content kept in the store (issue 11; `outreach_core::drafts`): the
// call log, response and contact forms keep what was typed across section switches and
// restarts until it is saved or discarded. Leaving a form asks nothing: what was typed is
// kept, a moment after the last keystroke and again when the form goes away.
import { draftApi } from './api';
import type { Draft } from './bindings/Draft';
import type { DraftKind } from './bindings/DraftKind';

export type DraftFields = { [key in string]?: string };

/** The fields as one comparable string; all-blank fields are no draft at all. */
export function draftKey(fields: DraftFields): string {
  const names = Object.keys(fields).sort();
  if (names.every((n) => !fields[n]?.trim())) return '';
  return JSON.stringify(names.map((n) => [n, fields[n]]));
}

// The writes still on their way, per form and target: a form that opens again (another
// section and back) reads its draft only after them, or it would read an older one.
const writing = new Map<string, Promise<unknown>>();

/** The draft of a form, read after any write of it still on its way. */
export async function loadDraft(kind: DraftKind, target: string): Promise<Draft | null> {
  await writing.get(`${kind}/${target}`);
  return draftApi.get(kind, target);
}

/** Every draft of a city's forms, read after the writes still on their way. */
export async function loadCityDrafts(target: string): Promise<Draft[]> {
  await Promise.all([...writing.entries()].filter(([k]) => k.endsWith(`/${target}`)).map(([, p]) => p));
  return draftApi.ofCity(target);
}

/** How long after the last change a draft is written. */
export const DRAFT_DELAY_MS = 400;

/**
 * Keeps one form's draft. `start` with the draft read when the form opened (changes before
 * that are the form filling itself in, not typing); `changed` on every change; `flush` when
 * the form goes away; `done` after the form was saved; `discard` when the volunteer throws
 * the draft away. Writes go one after another, so a late write never brings back a draft
 * that was discarded after it.
 */
export class DraftKeeper {
  private live = false;
  private base = '';
  private last = '';
  private pending: { key: string; fields: DraftFields } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly kind: DraftKind,
    readonly target: string,
    /** Told whether a draft is kept now (for the "Draft kept" note). */
    private readonly onKept: (kept: boolean) => void = () => {},
    private readonly delay = DRAFT_DELAY_MS,
  ) {}

  /**
   * Starts keeping. `baseline` is what the form shows before anything is typed (an edit
   * form's current values): fields equal to it are no draft either.
   */
  start(draft: Draft | null, baseline: DraftFields = {}) {
    this.live = true;
    this.base = draftKey(baseline);
    this.last = draft ? this.keyOf(draft.fields) : '';
    this.onKept(this.last !== '');
  }

  changed(fields: DraftFields) {
    if (!this.live) return;
    const key = this.keyOf(fields);
    this.clearTimer();
    if (key === this.last) {
      this.pending = null;
      return;
    }
    this.pending = { key, fields: { ...fields } };
    this.timer = setTimeout(() => void this.flush(), this.delay);
  }

  /** Writes the pending change now (the form is going away). */
  flush(): Promise<unknown> {
    this.clearTimer();
    const next = this.pending;
    this.pending = null;
    if (!next) return this.queue;
    this.last = next.key;
    if (next.key === '') return this.drop();
    return this.enqueue(async () => {
      await draftApi.save(this.kind, this.target, next.fields);
      this.onKept(true);
    });
  }

  /** The volunteer threw the draft away. */
  discard(): Promise<unknown> {
    return this.drop();
  }

  /** The form was saved: its draft is done with, and later changes are not kept. */
  done(): Promise<unknown> {
    this.live = false;
    return this.drop();
  }

  private keyOf(fields: DraftFields): string {
    const key = draftKey(fields);
    return key === this.base ? '' : key;
  }

  private drop(): Promise<unknown> {
    this.clearTimer();
    this.pending = null;
    this.last = '';
    return this.enqueue(async () => {
      await draftApi.discard(this.kind, this.target);
      this.onKept(false);
    });
  }

  private enqueue(step: () => Promise<void>): Promise<unknown> {
    // A failed write does not stop the ones after it; the next change tries again.
    const queue = this.queue.then(step).catch(() => {
      this.last = '\u0000unsaved';
    });
    this.queue = queue;
    const key = `${this.kind}/${this.target}`;
    writing.set(key, queue);
    void queue.then(() => {
      if (writing.get(key) === queue) writing.delete(key);
    });
    return queue;
  }

  private clearTimer() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

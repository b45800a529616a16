// The one "last undoable action" the app offers in its toast: what it says for a call, a
// response and a status change, in both languages, and which command its Undo sends.
import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { applyLanguage } from './i18n.svelte';
import { callUndoable, responseUndoable } from './undo';
import type { Call } from './bindings/Call';

afterEach(() => {
  applyLanguage('system');
  clearMocks();
});

const call: Call = {
  id: 'call-1', city_slug: 'portland-or', contact_id: null, contact_name: null, channel: 'phone', outcome: 'voicemail',
  notes: '', volunteer: 'Olena', called_at: '2026-11-20T10:00:00.000Z', follow_up: null,
};

describe('the last undoable action', () => {
  it('says what was saved, for which city, in the language shown', () => {
    applyLanguage('en', false);
    const recorded = { response_id: 'r1', status_change_ids: ['s1', 's2'] };
    expect(callUndoable(call, 'Portland, OR').message).toBe('Call logged for Portland, OR: Left a voicemail.');
    expect(responseUndoable({ response_id: 'r1', status_change_ids: [] }, 'Portland, OR', { response: 'considering', relationship: null }).message).toBe(
      'Response saved for Portland, OR: Considering.',
    );
    expect(responseUndoable({ response_id: null, status_change_ids: ['s1'] }, 'Portland, OR', { response: null, relationship: 'suspended' }).message).toBe(
      'Link status saved for Portland, OR: Suspended.',
    );
    expect(responseUndoable(recorded, 'Portland, OR', { response: 'committed', relationship: 'severed' }).message).toBe(
      'Response saved for Portland, OR: Committed to act; link status Severed.',
    );
    applyLanguage('uk', false);
    const uk = responseUndoable({ response_id: 'r1', status_change_ids: [] }, 'Портленд, OR', { response: 'considering', relationship: null }).message;
    expect(uk).toMatch(/^Відповідь міста Портленд, OR збережено: /);
    expect(uk).not.toContain('Considering');
  });

  it('is told apart by its key, so a new save restarts the toast', () => {
    const a = responseUndoable({ response_id: 'r1', status_change_ids: [] }, 'X', { response: 'declined', relationship: null });
    const b = responseUndoable({ response_id: 'r2', status_change_ids: [] }, 'X', { response: 'declined', relationship: null });
    expect(new Set([a.key, b.key, callUndoable(call, 'X').key]).size).toBe(3);
  });

  it('undoes through the command of its kind, naming every row of the save', async () => {
    const sent: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      sent.push({ cmd, args });
      return null;
    });
    await callUndoable(call, 'X').undo();
    const recorded = { response_id: 'r1', status_change_ids: ['s1'] };
    await responseUndoable(recorded, 'X', { response: 'declined', relationship: 'severed' }).undo();
    expect(sent).toEqual([
      { cmd: 'undo_call', args: { id: 'call-1' } },
      { cmd: 'undo_recorded', args: { recorded } },
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { DraftKeeper, draftKey } from './drafts';
import { fakeBackend, type Backend } from '../test/backend';

let backend: Backend;
beforeEach(() => {
  backend = fakeBackend();
});
afterEach(() => clearMocks());

const kept = () => backend.drafts.get('call/portland-or')?.fields ?? null;

describe('a form draft', () => {
  it('is blank when every field is blank, whatever the field names', () => {
    expect(draftKey({ notes: ' ', outcome: '' })).toBe('');
    expect(draftKey({ notes: 'x', outcome: '' })).toBe(draftKey({ outcome: '', notes: 'x' }));
  });

  it('keeps nothing before it starts (the form filling itself in), then keeps what is typed', async () => {
    const keeper = new DraftKeeper('call', 'portland-or', () => {}, 5);
    keeper.changed({ notes: 'from the form itself' });
    keeper.start(null);
    await keeper.flush();
    expect(kept()).toBeNull();
    keeper.changed({ notes: 'Spoke to the aide' });
    await vi.waitFor(() => expect(kept()).toEqual({ notes: 'Spoke to the aide' }));
  });

  it('is written at once when the form goes away, and says so', async () => {
    const note = vi.fn();
    const keeper = new DraftKeeper('call', 'portland-or', note, 60_000);
    keeper.start(null);
    keeper.changed({ notes: 'half a sentence' });
    expect(kept()).toBeNull();
    await keeper.flush();
    expect(kept()).toEqual({ notes: 'half a sentence' });
    expect(note).toHaveBeenLastCalledWith(true);
  });

  it('is gone after the form is saved, even when a write was still on its way', async () => {
    const keeper = new DraftKeeper('call', 'portland-or', () => {}, 60_000);
    keeper.start(null);
    keeper.changed({ notes: 'typed' });
    const writing = keeper.flush();
    const done = keeper.done();
    await Promise.all([writing, done]);
    expect(kept()).toBeNull();
    keeper.changed({ notes: 'after saving' });
    await keeper.flush();
    expect(kept()).toBeNull();
  });

  it('is not made by opening an edit form, only by changing it; changing it back drops it', async () => {
    const keeper = new DraftKeeper('call', 'portland-or', () => {}, 60_000);
    const current = { name: 'Ann Lee', phone: '503-555-0100' };
    keeper.start(null, current);
    keeper.changed({ ...current });
    await keeper.flush();
    expect(kept()).toBeNull();
    keeper.changed({ ...current, phone: '503-555-0199' });
    await keeper.flush();
    expect(kept()).toEqual({ name: 'Ann Lee', phone: '503-555-0199' });
    keeper.changed({ ...current });
    await keeper.flush();
    expect(kept()).toBeNull();
  });

  it('is thrown away by Discard', async () => {
    const note = vi.fn();
    const keeper = new DraftKeeper('call', 'portland-or', note, 60_000);
    keeper.start(null);
    keeper.changed({ notes: 'not worth keeping' });
    await keeper.flush();
    await keeper.discard();
    expect(kept()).toBeNull();
    expect(note).toHaveBeenLastCalledWith(false);
  });
});

// Typed wrappers over the signature commands and the sync's status event.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { SignatureConfig } from './bindings/SignatureConfig';
import type { SignatureSettings } from './bindings/SignatureSettings';
import type { SignatureStatus } from './bindings/SignatureStatus';
import type { Snapshot } from './bindings/Snapshot';

export const STATUS_EVENT = 'signatures:status';

export const signatureApi = {
  status: () => invoke<SignatureStatus>('signature_status'),
  history: () => invoke<Snapshot[]>('signature_history'),
  syncNow: () => invoke<SignatureStatus>('sync_signatures_now'),
  settings: () => invoke<SignatureSettings>('get_signature_settings'),
  /** `token` replaces the saved token when given (it is never read back). */
  saveSettings: (config: SignatureConfig, token: string | null, clearToken: boolean) =>
    invoke<SignatureSettings>('set_signature_settings', { config, token, clearToken }),
  setTotal: (total: string) => invoke<Snapshot>('set_signature_total', { total }),
  onStatus: (cb: (s: SignatureStatus) => void): Promise<UnlistenFn> =>
    listen<SignatureStatus>(STATUS_EVENT, (e) => cb(e.payload)),
};

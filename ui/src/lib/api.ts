// Typed wrappers over the app's commands. Errors arrive as { kind, message }.
import { invoke } from '@tauri-apps/api/core';
import { openUrl } from '@tauri-apps/plugin-opener';
import type { CityDetail } from './bindings/CityDetail';
import type { CitySummary } from './bindings/CitySummary';
import type { ErrorPayload } from './bindings/ErrorPayload';
import { readyMarks } from './startup';
import type { Call } from './bindings/Call';
import type { CallInput } from './bindings/CallInput';
import type { CampaignSettings } from './bindings/CampaignSettings';
import type { Contact } from './bindings/Contact';
import type { ContactInput } from './bindings/ContactInput';
import type { Dashboard } from './bindings/Dashboard';
import type { FilledScript } from './bindings/FilledScript';
import type { FollowUp } from './bindings/FollowUp';
import type { ResponseInput } from './bindings/ResponseInput';
import type { AddedTarget } from './bindings/AddedTarget';
import type { NewTarget } from './bindings/NewTarget';

export function isErrorPayload(e: unknown): e is ErrorPayload {
  return typeof e === 'object' && e !== null && 'kind' in e && 'message' in e;
}

/** Any failure as an ErrorPayload, so the UI has one shape to show. */
export function asError(e: unknown): ErrorPayload {
  if (isErrorPayload(e)) return e;
  return { kind: 'database', message: e instanceof Error ? e.message : String(e) };
}

export const api = {
  listCities: () => invoke<CitySummary[]>('list_cities'),
  getCity: (slug: string) => invoke<CityDetail>('get_city', { slug }),
  addTarget: (input: NewTarget) => invoke<AddedTarget>('add_target', { input }),
  uiReady: (cities: number) => invoke<void>('ui_ready', readyMarks(cities)),
  addContact: (slug: string, input: ContactInput) => invoke<Contact>('add_contact', { slug, input }),
  editContact: (id: string, input: ContactInput) => invoke<Contact>('edit_contact', { id, input }),
  removeContact: (id: string) => invoke<null>('remove_contact', { id }),
  logCall: (input: CallInput) => invoke<Call>('log_call', { input }),
  undoCall: (id: string) => invoke<null>('undo_call', { id }),
  recordResponse: (input: ResponseInput) => invoke<CityDetail>('record_response', { input }),
  followUps: () => invoke<FollowUp[]>('follow_ups'),
  dashboard: () => invoke<Dashboard>('dashboard'),
  fillScript: (slug: string, contactId: string | null) => invoke<FilledScript>('fill_script', { slug, contactId }),
  getCampaignSettings: () => invoke<CampaignSettings>('get_campaign_settings'),
  setCampaignSettings: (settings: CampaignSettings) => invoke<CampaignSettings>('set_campaign_settings', { settings }),
  /** Opens a source link (or tel:/mailto:) in the system's app, never in the window. */
  openExternal: (url: string) => openUrl(url),
};

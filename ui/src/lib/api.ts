// The one door to the app's commands: every command the window calls is a typed wrapper
// here, over one `call` (Tauri's `invoke`); errors arrive as { kind, message }. The command
// names are the ones listed in src-tauri/src/commands/list.rs.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { openUrl } from '@tauri-apps/plugin-opener';
import type { Boot } from './bindings/Boot';
import type { BackupInfo } from './bindings/BackupInfo';
import type { BundleExport } from './bindings/BundleExport';
import type { CityQuery } from './bindings/CityQuery';
import type { Recorded } from './bindings/Recorded';
import type { ResponseSaved } from './bindings/ResponseSaved';
import type { ExportFormat } from './bindings/ExportFormat';
import type { ExportKind } from './bindings/ExportKind';
import type { ExportSummary } from './bindings/ExportSummary';
import type { ImportChoices } from './bindings/ImportChoices';
import type { ImportReport } from './bindings/ImportReport';
import type { ImportSource } from './bindings/ImportSource';
import type { ImportUndo } from './bindings/ImportUndo';
import type { MergeReport } from './bindings/MergeReport';
import type { MergeUndo } from './bindings/MergeUndo';
import type { RestoreReport } from './bindings/RestoreReport';
import type { SignatureConfig } from './bindings/SignatureConfig';
import type { SignatureSettings } from './bindings/SignatureSettings';
import type { SignatureStatus } from './bindings/SignatureStatus';
import type { Snapshot } from './bindings/Snapshot';
import type { CityDetail } from './bindings/CityDetail';
import type { CitySummary } from './bindings/CitySummary';
import type { ErrorPayload } from './bindings/ErrorPayload';
import { readyMarks } from './startup';
import type { Call } from './bindings/Call';
import type { CallInput } from './bindings/CallInput';
import type { CampaignSettings } from './bindings/CampaignSettings';
import type { Contact } from './bindings/Contact';
import type { ContactFields } from './bindings/ContactFields';
import type { Dashboard } from './bindings/Dashboard';
import type { FilledScript } from './bindings/FilledScript';
import type { FollowUp } from './bindings/FollowUp';
import type { ResponseInput } from './bindings/ResponseInput';
import type { CallQueue } from './bindings/CallQueue';
import type { NameSet } from './bindings/NameSet';
import type { StatusScripts } from './bindings/StatusScripts';
import type { VolunteerStatus } from './bindings/VolunteerStatus';
import type { AddedTarget } from './bindings/AddedTarget';
import type { NewTarget } from './bindings/NewTarget';
import type { TeamSyncStatus } from './bindings/TeamSyncStatus';
import type { Draft } from './bindings/Draft';
import type { DraftKind } from './bindings/DraftKind';
import { localized } from './errors';

export function isErrorPayload(e: unknown): e is ErrorPayload {
  return typeof e === 'object' && e !== null && 'kind' in e && 'message' in e;
}

/** Any failure as an ErrorPayload, so the UI has one shape to show. */
export function asError(e: unknown): ErrorPayload {
  // In the language the window shows (lib/errors.ts).
  if (isErrorPayload(e)) return localized(e);
  return { kind: 'database', message: e instanceof Error ? e.message : String(e) };
}

/** Calls one of the app's commands. */
function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  return invoke<T>(command, args);
}

export const api = {
  /** The page's first data: the city list and the labels, or why the store did not open. */
  boot: () => call<Boot>('boot'),
  listCities: () => call<CitySummary[]>('list_cities'),
  /** The cities a query selects, in its order (filtered and sorted by the core). */
  queryCities: (query: CityQuery) => call<CitySummary[]>('list_cities', { query }),
  getCity: (slug: string) => call<CityDetail>('get_city', { slug }),
  uiReady: (cities: number) => call<void>('ui_ready', readyMarks(cities)),
  addContact: (slug: string, input: ContactFields) => call<Contact>('add_contact', { slug, input }),
  editContact: (id: string, input: ContactFields) => call<Contact>('edit_contact', { id, input }),
  removeContact: (id: string) => call<null>('remove_contact', { id }),
  /** Undoes an edit right after it: `edited` is what the edit wrote. */
  undoContactEdit: (id: string, edited: ContactFields) => call<Contact>('undo_contact_edit', { id, edited }),
  logCall: (input: CallInput) => call<Call>('log_call', { input }),
  undoCall: (id: string) => call<null>('undo_call', { id }),
  /** Records a response and/or status change: the city as it is now, with what was written (to undo it). */
  recordResponse: (input: ResponseInput) => call<ResponseSaved>('record_response', { input }),
  /** Undoes what one save of the response form wrote; the city as it is now. */
  undoRecorded: (recorded: Recorded) => call<CityDetail>('undo_recorded', { recorded }),
  followUps: () => call<FollowUp[]>('follow_ups'),
  dashboard: () => call<Dashboard>('dashboard'),
  fillScript: (slug: string, contactId: string | null) => call<FilledScript>('fill_script', { slug, contactId }),
  getCampaignSettings: () => call<CampaignSettings>('get_campaign_settings'),
  setCampaignSettings: (settings: CampaignSettings) => call<CampaignSettings>('set_campaign_settings', { settings }),
  /** The "call next" queue: its first `limit` cities (all when null) and its counts. */
  callQueue: (limit: number | null) => call<CallQueue>('call_queue', { limit }),
  /** Skips a city in the queue for today; resolves to the day it comes back. */
  skipCity: (slug: string, reason: string) => call<string>('skip_city', { slug, reason }),
  volunteerStatus: () => call<VolunteerStatus>('volunteer_status'),
  setVolunteerName: (name: string, attributeUnnamed: boolean) => call<NameSet>('set_volunteer_name', { name, attributeUnnamed }),
  dismissNamePrompt: () => call<null>('dismiss_name_prompt'),
  getStatusScripts: () => call<StatusScripts>('get_status_scripts'),
  setStatusScripts: (scripts: StatusScripts) => call<StatusScripts>('set_status_scripts', { scripts }),
  takeSeedOffer: (id: string) => call<Contact>('take_seed_offer', { id }),
  dismissSeedOffer: (id: string) => call<Contact>('dismiss_seed_offer', { id }),
  addTarget: (input: NewTarget) => call<AddedTarget>('add_target', { input }),
  /** Opens a source link (or tel:/mailto:) in the system's app, never in the window. */
  openExternal: (url: string) => openUrl(url),
};

/** A form's kept draft (issue 11): the target is the city's slug. */
export const draftApi = {
  get: (kind: DraftKind, target: string) => call<Draft | null>('get_draft', { kind, target }),
  ofCity: (target: string) => call<Draft[]>('city_drafts', { target }),
  /** Resolves to null when every field was blank (the draft is then discarded). */
  save: (kind: DraftKind, target: string, fields: { [key in string]?: string }) => call<Draft | null>('save_draft', { kind, target, fields }),
  discard: (kind: DraftKind, target: string) => call<null>('discard_draft', { kind, target }),
};

export const STATUS_EVENT = 'signatures:status';

/** The petition's signature total: status, history, sync, settings, manual entry. */
export const signatureApi = {
  status: () => call<SignatureStatus>('signature_status'),
  history: () => call<Snapshot[]>('signature_history'),
  syncNow: () => call<SignatureStatus>('sync_signatures_now'),
  settings: () => call<SignatureSettings>('get_signature_settings'),
  /** `token` replaces the saved token when given (it is never read back). */
  saveSettings: (config: SignatureConfig, token: string | null, clearToken: boolean) =>
    call<SignatureSettings>('set_signature_settings', { config, token, clearToken }),
  setTotal: (total: string) => call<Snapshot>('set_signature_total', { total }),
  onStatus: (cb: (s: SignatureStatus) => void): Promise<UnlistenFn> =>
    listen<SignatureStatus>(STATUS_EVENT, (e) => cb(e.payload)),
};

export const TEAM_STATUS_EVENT = 'team:status';

/** Team sync (issue 12): join with an invite, the status, "Sync now". The invite goes in; its password never comes back. */
export const teamApi = {
  status: () => call<TeamSyncStatus>('team_status'),
  join: (invite: string) => call<TeamSyncStatus>('team_join', { invite }),
  syncNow: () => call<TeamSyncStatus>('team_sync_now'),
  onStatus: (cb: (s: TeamSyncStatus) => void): Promise<UnlistenFn> =>
    listen<TeamSyncStatus>(TEAM_STATUS_EVENT, (e) => cb(e.payload)),
};

/** The Import & export screen: imports, exports, bundles, backups and the file dialogs. */
export const exchangeApi = {
  /** The system's open dialog (shown by the app); the path picked, to show, or null when cancelled. */
  chooseImport: (source: ImportSource, folder: boolean) => call<string | null>('choose_import', { source, folder }),
  /** Previews or applies the import of the file picked with chooseImport. */
  importContacts: (source: ImportSource, mapping: [string, string][], dryRun: boolean, choices: ImportChoices) =>
    call<ImportReport>('import_contacts', { source, mapping, dryRun, choices }),
  /** "Undo this import": the contacts it added removed, those it replaced put back. */
  importUndo: (importId: string) => call<ImportUndo>('import_undo', { importId }),
  /** Asks where to save (the system's dialog), then exports; null when cancelled. */
  exportData: (kind: ExportKind, format: ExportFormat) => call<ExportSummary | null>('export_data', { kind, format }),
  bundleExport: (all: boolean) => call<BundleExport | null>('bundle_export', { all }),
  chooseBundle: () => call<string | null>('choose_bundle'),
  bundleImport: () => call<MergeReport>('bundle_import'),
  bundleUndoMerge: (mergeId: string) => call<MergeUndo>('bundle_undo_merge', { mergeId }),
  backupList: () => call<BackupInfo[]>('backup_list'),
  backupCreate: () => call<BackupInfo>('backup_create'),
  backupRestore: (id: string) => call<RestoreReport>('backup_restore', { id }),
};

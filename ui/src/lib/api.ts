// Typed wrappers over the app's commands. Errors arrive as { kind, message }.
import { invoke } from '@tauri-apps/api/core';
import { openUrl } from '@tauri-apps/plugin-opener';
import type { CityDetail } from './bindings/CityDetail';
import type { CitySummary } from './bindings/CitySummary';
import type { ErrorPayload } from './bindings/ErrorPayload';
import { readyMarks } from './startup';

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
  uiReady: (cities: number) => invoke<void>('ui_ready', readyMarks(cities)),
  /** Opens a source link (or tel:/mailto:) in the system's app, never in the window. */
  openExternal: (url: string) => openUrl(url),
};

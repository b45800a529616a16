import type { Boot } from './bindings/Boot';
import { api } from './api';
import { t } from './i18n.svelte';

declare global {
  interface Window {
    /** The `boot` request that public/boot-request.js made before this script loaded. */
    __outreachBoot?: Promise<Boot>;
  }
}

/**
 * The page's first data (the `boot` command: the city list and the labels, made while the
 * page loaded): the answer to the request the page's head already made, or a request now.
 * Resolves to null when the app did not answer; `bootOrFailed` then turns that into the error
 * screen's data.
 */
export function requestBoot(): Promise<Boot | null> {
  const early = window.__outreachBoot;
  window.__outreachBoot = undefined;
  return (early ?? api.boot()).catch(() => null);
}

/** The page's first data, or, when the app did not answer, the error screen that says so. */
export function bootOrFailed(boot: Boot | null): Boot {
  if (boot) return boot;
  return {
    status: 'failed',
    data_dir: '',
    error: {
      kind: 'store_unavailable',
      message: t('errorScreen.noBoot'),
    },
  };
}

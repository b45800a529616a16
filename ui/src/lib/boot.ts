import type { Boot } from './bindings/Boot';
import { t } from './i18n.svelte';

declare global {
  interface Window {
    __OUTREACH_BOOT__?: Boot;
  }
}

/** The data the Rust side put on the page before the UI loaded. */
export function readBoot(): Boot {
  const boot = window.__OUTREACH_BOOT__;
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

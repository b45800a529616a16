import type { Boot } from './bindings/Boot';

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
      message: 'The app started without its data. Start Outreach Desk from its launcher, not from a browser.',
    },
  };
}

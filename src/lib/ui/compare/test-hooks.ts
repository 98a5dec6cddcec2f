/**
 * A test-only way in for the benchmark (`npm run bench -- charts`) and end-to-end tests: when the page's address
 * has `?test-hooks` (e.g. `/?test-hooks#/compare`), `window.__nianbao_loadEntries(entries)` shows the given library
 * entries in the comparison views instead of the library, and `window.__nianbao_loadEntries(null)` goes back.
 * Harmless in production: without the query parameter nothing is installed, and with it the entries only live in
 * this page's memory; nothing is stored, sent or changed in the library.
 */
import type { Entry } from '../../model/entry.ts';

export const TEST_HOOKS_PARAM = 'test-hooks';

type HookWindow = Window & { __nianbao_loadEntries?: (entries: readonly Entry[] | null) => number };

/** Installs the hook if the address asks for it; returns the uninstaller. */
export function installTestHooks(load: (entries: readonly Entry[] | null) => number): () => void {
  if (!new URLSearchParams(location.search).has(TEST_HOOKS_PARAM)) return () => {};
  const w = window as HookWindow;
  w.__nianbao_loadEntries = load;
  return () => {
    if (w.__nianbao_loadEntries === load) delete w.__nianbao_loadEntries;
  };
}

/**
 * Several tabs of the app share one library (IndexedDB belongs to the origin, not to a tab). Two small browser
 * mechanisms keep them in step; Session uses both through SessionDeps, so it runs without them too (tests, and
 * pages that are not a secure context, where Web Locks do not exist):
 *
 * - `libraryChannel`: after a write, a tab names the entries it added, changed or deleted on the
 *   BroadcastChannel 'nianbao-library'; every other tab re-reads those entries' summaries (IndexedDB stays the
 *   one truth: the message carries ids, never data).
 * - `tabPresence`: each tab holds the Web Lock 'nianbao-tab:<id>' while it is open, and stores its id with the
 *   pending markers of its batches. A marker whose tab's lock is no longer held was left by a tab that closed in
 *   the middle of a batch; a marker of a tab still open is a batch running there, not an interrupted one.
 */

export const CHANNEL_NAME = 'nianbao-library';
const LOCK_PREFIX = 'nianbao-tab:';

export interface LibraryChannel {
  /** Tell the other tabs that these entries were added, changed or deleted. */
  post(ids: readonly string[]): void;
  close(): void;
}

interface ChangedMessage {
  type: 'changed';
  ids: string[];
}

const isChanged = (m: unknown): m is ChangedMessage =>
  typeof m === 'object' && m !== null && (m as ChangedMessage).type === 'changed' && Array.isArray((m as ChangedMessage).ids);

/** The channel, or null where BroadcastChannel does not exist. `onChanged` hears the other tabs' writes. */
export function libraryChannel(onChanged: (ids: string[]) => void): LibraryChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const ch = new BroadcastChannel(CHANNEL_NAME);
  ch.onmessage = (ev: MessageEvent<unknown>) => {
    if (isChanged(ev.data)) onChanged(ev.data.ids.filter((id): id is string => typeof id === 'string'));
  };
  return {
    post(ids) {
      if (!ids.length) return;
      const m: ChangedMessage = { type: 'changed', ids: [...ids] };
      ch.postMessage(m);
    },
    close: () => ch.close(),
  };
}

export interface TabPresence {
  /** This tab's id, stored with the pending markers it writes. */
  readonly id: string;
  /** Which of these tab ids belong to tabs still open (this one included). */
  alive(ids: readonly string[]): Promise<Set<string>>;
}

/** This tab's presence, held until the tab closes; null without Web Locks (not a secure context). */
export async function tabPresence(): Promise<TabPresence | null> {
  const locks = globalThis.navigator?.locks;
  if (!locks || typeof crypto.randomUUID !== 'function') return null;
  const id = crypto.randomUUID();
  // The callback's promise never settles: the browser releases the lock when the tab goes, however it goes.
  // Where the site may not store data (cookies and site data blocked), Chromium refuses locks too: no presence.
  const held = await new Promise<boolean>((granted) => {
    locks
      .request(LOCK_PREFIX + id, () => {
        granted(true);
        return new Promise<never>(() => undefined);
      })
      .catch(() => granted(false));
  });
  if (!held) return null;
  return {
    id,
    async alive(ids) {
      try {
        const { held = [] } = await locks.query();
        const names = new Set(held.map((l) => l.name));
        return new Set(ids.filter((i) => names.has(LOCK_PREFIX + i)));
      } catch {
        return new Set();
      }
    },
  };
}

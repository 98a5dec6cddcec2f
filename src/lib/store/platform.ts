/**
 * The browser's storage manager and digest, where they exist: `navigator.storage` is missing in Node 20, in
 * some embedded browsers and on pages that are not a secure context.
 */
import { sha256Hex as pureSha256Hex } from '../export/sha256.ts';

type StorageManagerLike = Pick<StorageManager, 'estimate'> & Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

function storageManager(): StorageManagerLike | null {
  const nav = (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator;
  return nav?.storage && typeof nav.storage.estimate === 'function' ? nav.storage : null;
}

/** Bytes this origin uses and may use, or null when the browser does not say. */
export async function storageEstimate(): Promise<{ usage: number; quota: number | null } | null> {
  const sm = storageManager();
  if (!sm) return null;
  try {
    const e = await sm.estimate();
    return { usage: e.usage ?? 0, quota: e.quota ?? null };
  } catch {
    return null;
  }
}

/** Whether the browser keeps this origin's data under storage pressure; null when it does not say. */
export async function isPersisted(): Promise<boolean | null> {
  const sm = storageManager();
  if (!sm?.persisted) return null;
  try {
    return await sm.persisted();
  } catch {
    return null;
  }
}

export type Persistence = 'granted' | 'denied' | 'unavailable';

/** Ask the browser not to evict the library when space runs low (Chromium decides without a prompt). */
export async function requestPersistence(): Promise<Persistence> {
  const sm = storageManager();
  if (!sm?.persist) return 'unavailable';
  try {
    if (sm.persisted && (await sm.persisted())) return 'granted';
    return (await sm.persist()) ? 'granted' : 'denied';
  } catch {
    return 'unavailable';
  }
}

/**
 * SHA-256 of the bytes as 64 lowercase hex digits: the id of a stored file. SubtleCrypto exists only in secure
 * contexts; a page served over plain http from another machine on the LAN falls back to the pure implementation.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return pureSha256Hex(bytes);
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The library database: its stores, their records and the schema version. Records are keyed by the SHA-256 of
 * the original file (lowercase hex), so the same file dropped twice is one record (STYLE habit 8).
 *
 * - `files`: the original bytes, kept so that a parser upgrade can re-read every report.
 * - `entries`: the library `Entry` (parse result, corrections, merged office name), without the bytes.
 * - `summaries`: one small record per entry for the library view and analysis (see summary.ts): reading 5,000
 *   full entries is slow in a browser (each holds 30–40 kB of sources, checks and issues), reading 5,000
 *   summaries is not. Written in the same transaction as its entry; the indexes live here because the office
 *   they index is the effective one (the user's merged name, else the parsed one).
 * - `pending`: files stored but not yet parsed (a batch interrupted by closing the tab).
 * - `meta`: small settings, and the summaries' pack (library.ts `summaries()`): all of them as one JSON string,
 *   with the revision it was made at and the ids written since.
 */
import type { DBSchema } from 'idb';
import type { Entry } from '../model/entry.ts';
import type { StoredSummary } from './summary.ts';

/** Bump together with a new step in db.ts UPGRADES. */
export const DB_VERSION = 3;
export const DB_NAME = 'nianbao-library';

export interface StoredFile {
  id: string;
  /** File name when first stored. */
  name: string;
  size: number;
  bytes: Uint8Array;
  /** ISO timestamp. */
  storedAt: string;
}

export interface PendingFile {
  id: string;
  name: string;
  size: number;
  /** ISO timestamp of when the bytes were stored. */
  storedAt: string;
  /**
   * The tab whose batch stored it (state/tab-sync.ts): while that tab is open the file is being parsed there, not
   * left behind by a closed tab. Absent in markers written without one. Not indexed: no schema version needed.
   */
  owner?: string;
}

/** A JSON-like value for settings. */
export type SettingValue = string | number | boolean | null | SettingValue[] | { [key: string]: SettingValue };

export interface MetaRecord {
  id: string;
  value: SettingValue;
}

export interface LibrarySchema extends DBSchema {
  files: { key: string; value: StoredFile };
  entries: { key: string; value: Entry };
  summaries: {
    key: string;
    value: StoredSummary;
    indexes: { office: string; year: number; addedAt: string; parser: string };
  };
  pending: { key: string; value: PendingFile };
  meta: { key: string; value: MetaRecord };
}

export type StoreName = 'files' | 'entries' | 'summaries' | 'pending' | 'meta';
/** Record type of a store. */
export type StoreValue<S extends StoreName> = LibrarySchema[S]['value'];
export const STORE_NAMES: readonly StoreName[] = ['files', 'entries', 'summaries', 'pending', 'meta'];

export type SummaryIndex = keyof LibrarySchema['summaries']['indexes'];
/** Key path of each summaries index (a record whose key there is null is not in that index). */
export const SUMMARY_INDEXES: Record<SummaryIndex, keyof StoredSummary> = {
  office: 'office',
  year: 'year',
  addedAt: 'addedAt',
  parser: 'parser',
};

/** What the session needs from the library store (src/lib/store implements it over IndexedDB or memory). */
import type { CellValue } from '../form/model.ts';
import type { Entry } from '../model/entry.ts';
import type { Report } from '../parse/types.ts';

export interface Library {
  list(): Promise<Entry[]>;
  has(id: string): Promise<boolean>;
  getBytes(id: string): Promise<Uint8Array | undefined>;
  addFile(name: string, bytes: Uint8Array, report: Report): Promise<{ entry: Entry; duplicate: boolean }>;
  delete(id: string): Promise<void>;
  setCorrection(id: string, field: string, value: CellValue, note: string): Promise<Entry>;
  clearCorrection(id: string, field: string): Promise<Entry>;
  setOfficeOverride(ids: readonly string[], name: string | null): Promise<void>;
  replaceReport(id: string, report: Report): Promise<Entry>;
  markPending(id: string, name: string, bytes: Uint8Array): Promise<void>;
  listPending(): Promise<{ id: string; name: string }[]>;
  usage(): Promise<{ usage: number; quota: number } | null>;
  requestPersistence(): Promise<boolean>;
}

export interface OpenedLibrary {
  library: Library;
  /** false: nothing is kept after the page closes (no IndexedDB). */
  persistent: boolean;
  reason: string | null;
}

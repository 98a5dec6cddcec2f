/** Temporary in-memory library used until the IndexedDB store lands (replaced by src/lib/store). */
import type { CellValue } from '../form/model.ts';
import type { Entry } from '../model/entry.ts';
import type { Report } from '../parse/types.ts';
import type { Library } from './library-api.ts';
import { sha256Hex } from '../ingest/sha256.ts';

export class DevMemoryLibrary implements Library {
  #entries = new Map<string, Entry>();
  #bytes = new Map<string, Uint8Array>();
  #pending = new Map<string, string>();
  async list() { return [...this.#entries.values()]; }
  async has(id: string) { return this.#entries.has(id); }
  async getBytes(id: string) { return this.#bytes.get(id); }
  async addFile(name: string, bytes: Uint8Array, report: Report) {
    const id = await sha256Hex(bytes);
    const old = this.#entries.get(id);
    if (old) return { entry: old, duplicate: true };
    const entry: Entry = { id, file: name, size: bytes.length, addedAt: new Date().toISOString(), report, corrections: {}, officeOverride: null };
    this.#entries.set(id, entry);
    this.#bytes.set(id, bytes);
    this.#pending.delete(id);
    return { entry, duplicate: false };
  }
  async delete(id: string) { this.#entries.delete(id); this.#bytes.delete(id); }
  async setCorrection(id: string, field: string, value: CellValue, note: string) {
    const e = this.#entries.get(id)!;
    const n: Entry = { ...e, corrections: { ...e.corrections, [field]: { value, original: e.report.fields[field] ?? null, note, at: new Date().toISOString() } } };
    this.#entries.set(id, n);
    return n;
  }
  async clearCorrection(id: string, field: string) {
    const e = this.#entries.get(id)!;
    const c = { ...e.corrections };
    delete c[field];
    const n = { ...e, corrections: c };
    this.#entries.set(id, n);
    return n;
  }
  async setOfficeOverride(ids: readonly string[], name: string | null) {
    for (const id of ids) { const e = this.#entries.get(id); if (e) this.#entries.set(id, { ...e, officeOverride: name }); }
  }
  async replaceReport(id: string, report: Report) {
    const n = { ...this.#entries.get(id)!, report };
    this.#entries.set(id, n);
    return n;
  }
  async markPending(id: string, name: string, bytes: Uint8Array) { this.#pending.set(id, name); this.#bytes.set(id, bytes); }
  async listPending() { return [...this.#pending].map(([id, name]) => ({ id, name })); }
  async usage() { return null; }
  async requestPersistence() { return false; }
}

/** The Report contract a fuzz result must keep (FORMAT.md, "What the parser returns"). */
import { FIELD_IDS } from '../../src/lib/form/model.ts';
import type { Report } from '../../src/lib/parse/types.ts';

/** What is wrong with a result, or null. */
export function contractBreach(r: Report): string | null {
  if (!r || typeof r !== 'object') return 'no report';
  const keys = Object.keys(r.fields ?? {});
  if (keys.length !== FIELD_IDS.length || FIELD_IDS.some((id) => !(id in r.fields))) return `fields: ${keys.length} ids`;
  for (const id of FIELD_IDS) {
    const v = r.fields[id];
    if (!(v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) return `fields.${id} = ${String(v)}`;
  }
  if (!Array.isArray(r.issues) || !Array.isArray(r.checks)) return 'issues or checks missing';
  for (const i of r.issues) if (!i.code || !i.message || !['error', 'warning', 'info'].includes(i.severity)) return `bad issue ${JSON.stringify(i).slice(0, 200)}`;
  try {
    JSON.parse(JSON.stringify(r));
  } catch (e) {
    return `not JSON: ${(e as Error).message}`;
  }
  return null;
}

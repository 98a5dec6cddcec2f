/**
 * Every rendered fixture (PDF through real pipelines, saved web pages, Word files) parses to exactly its known
 * values, and every bad input gets its own clear message. Runs real pdf.js (legacy build) in Node.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_IDS } from '../form/model.ts';
import { FIXTURES } from '../../../tests/unit/fixtures.ts';
import { nodeIngestEnv } from '../../../scripts/lib/pdf-node.ts';
import { ingestBytes } from './ingest.ts';
import { MAX_FILE_BYTES } from './types.ts';
import { zipSync } from 'fflate';

const fs = (s: string) => new TextEncoder().encode(s);

const NOW = 2026;
const read = (dir: string, f: string) => new Uint8Array(readFileSync(path.join(FIXTURES, dir, f)));
const ingest = (name: string, bytes: Uint8Array, password?: string) => ingestBytes(name, bytes, nodeIngestEnv, { nowYear: NOW, password });
const errorCodes = (r: Awaited<ReturnType<typeof ingest>>) => r.issues.filter((i) => i.severity === 'error').map((i) => i.code);

const good = (dir: string, ext: string) =>
  readdirSync(path.join(FIXTURES, dir))
    .filter((f) => f.endsWith(ext) && !f.startsWith('bad_'))
    .sort();

describe.each([
  ['pdf', '.pdf'],
  ['html', '.html'],
  ['docx', '.docx'],
])('%s fixtures parse to their known values', (dir, ext) => {
  const files = good(dir, ext);
  it('has fixtures', () => expect(files.length).toBeGreaterThan(1));
  for (const f of files) {
    it(f, async () => {
      const exp = JSON.parse(readFileSync(path.join(FIXTURES, dir, f.replace(ext, '.json')), 'utf8'));
      const r = await ingest(f, read(dir, f));
      expect({ office: r.office, year: r.year, layout: r.layout }).toEqual({ office: exp.office, year: exp.year, layout: exp.layout });
      const diffs = FIELD_IDS.filter((id) => r.fields[id] !== exp.fields[id]).map((id) => `${id}: ${r.fields[id]} ≠ ${exp.fields[id]}`);
      expect(diffs).toEqual([]);
      expect(errorCodes(r)).toEqual([]);
      expect(r.meta.kind).toBe(dir);
    });
  }
});

describe('provenance in PDFs', () => {
  it('every value read from the Huai’an PDF has a page and a box', async () => {
    const r = await ingest('huaian_2024.pdf', read('pdf', 'huaian_2024.pdf'));
    expect(r.meta.pages).toBe(6);
    const s = r.meta.sources['s3.new.total'];
    expect(s.page).toBe(4);
    expect(s.box?.[2]).toBeGreaterThan(s.box![0]);
    // The 行政许可 value of part 二 is on page 3, the part-四 values on page 5.
    expect(r.meta.sources['s2.licensing'].page).toBe(3);
    expect(r.meta.sources['s4.review.total'].page).toBe(5);
    const numbers = FIELD_IDS.filter((id) => typeof r.fields[id] === 'number');
    expect(numbers.every((id) => r.meta.sources[id]?.page !== undefined)).toBe(true);
  });
});

describe('bad inputs get a clear message and never throw', () => {
  it('encrypted with an open password: says so, and reads it with the password', async () => {
    const bytes = read('pdf', 'bad_encrypted_user.pdf');
    const r = await ingest('x.pdf', bytes);
    expect(errorCodes(r)).toEqual(['pdf.password']);
    expect(r.issues[0].message).toContain('密码');
    expect(FIELD_IDS.every((id) => r.fields[id] === null)).toBe(true);
    expect(errorCodes(await ingest('x.pdf', bytes, 'wrong'))).toEqual(['pdf.password_wrong']);
    const ok = await ingest('x.pdf', bytes, 'nianbao2024');
    const exp = JSON.parse(readFileSync(path.join(FIXTURES, 'pdf', 'bad_encrypted_user.json'), 'utf8'));
    expect(FIELD_IDS.filter((id) => ok.fields[id] !== exp.fields[id])).toEqual([]);
  });
  it('encrypted with an owner password only: opens and reads', async () => {
    const r = await ingest('x.pdf', read('pdf', 'bad_encrypted_owner.pdf'));
    const exp = JSON.parse(readFileSync(path.join(FIXTURES, 'pdf', 'bad_encrypted_owner.json'), 'utf8'));
    expect(FIELD_IDS.filter((id) => r.fields[id] !== exp.fields[id])).toEqual([]);
  });
  it('truncated PDF', async () => {
    const r = await ingest('x.pdf', read('pdf', 'bad_truncated.pdf'));
    expect(errorCodes(r).some((c) => c === 'pdf.invalid' || c === 'pdf.damaged')).toBe(true);
    expect(r.issues.find((i) => i.severity === 'error')?.message).toMatch(/损坏|不完整/);
  });
  it('image-only (scanned) PDF', async () => {
    const r = await ingest('x.pdf', read('pdf', 'bad_image_only.pdf'));
    expect(errorCodes(r)).toEqual(['pdf.no_text']);
    expect(r.issues[0].message).toContain('扫描');
    expect(r.meta.pages).toBe(4);
  });
  it('a PDF whose fonts extract as garbage', async () => {
    const r = await ingest('x.pdf', read('pdf', 'bad_garbage_text.pdf'));
    expect(errorCodes(r)).toEqual(['pdf.garbled']);
  });
  it('a PDF that is not a report', async () => {
    const r = await ingest('x.pdf', read('pdf', 'bad_not_report.pdf'));
    expect(errorCodes(r)).toContain('table.not_found');
    expect(r.office).toBeNull();
  });
  it('random bytes named .pdf', async () => {
    const b = new Uint8Array(4000).map((_, i) => (i * 7919) % 251);
    expect(errorCodes(await ingest('x.pdf', b))).toEqual(['pdf.invalid']);
  });
  it('an empty file', async () => expect(errorCodes(await ingest('x.pdf', new Uint8Array()))).toEqual(['file.empty']));
  it('an old .doc / .wps file', async () => {
    const b = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(600)]);
    const r = await ingest('report.wps', b);
    expect(errorCodes(r)).toEqual(['file.doc']);
    expect(r.issues[0].message).toContain('请另存为 PDF 或 .docx 后再导入');
  });
  it('an image', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(errorCodes(await ingest('scan.png', png))).toEqual(['file.image']);
  });
  it('a damaged .docx', async () => {
    const b = read('docx', good('docx', '.docx')[0]).slice(0, 3000);
    expect(errorCodes(await ingest('x.docx', b))).toEqual(['docx.invalid']);
  });
  it('a .docx that unpacks beyond 64 MB (a zip bomb): refused with its own message, without unpacking', async () => {
    const xml = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x20);
    xml.set(new TextEncoder().encode('<w:document><w:body><w:p><w:r><w:t>'));
    const bomb = zipSync({ 'word/document.xml': [xml, { level: 9 }] });
    expect(bomb.length).toBeLessThan(100_000);
    const r = await ingest('bomb.docx', bomb);
    expect(errorCodes(r)).toEqual(['docx.too_large']);
    expect(r.issues[0].message).toBe('Word 文件解压后超过 64 MB 的上限，未读取');
  });
  it('a web page nested 200,000 deep: what comes before is read, and a warning says the rest was not', async () => {
    const page = fs(
      '<html><body><p>某某局2024年政府信息公开工作年度报告</p>' + '<table><tr><td>'.repeat(200_000) + '1</body></html>',
    );
    const r = await ingest('deep.html', page);
    expect(r.office).toBe('某某局');
    expect(r.issues.find((i) => i.code === 'markup.too_deep')?.message).toBe('网页的标签嵌套超过 10000 层（文件可能已损坏），其后的内容未读取');
  });
  it('a file over the size limit', async () => {
    const r = await ingest('big.pdf', new Uint8Array(MAX_FILE_BYTES + 1));
    expect(errorCodes(r)).toEqual(['file.too_large']);
  });
  it('cancellation throws AbortError, not a content error', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(ingestBytes('x.pdf', read('pdf', 'huaian_2024.pdf'), nodeIngestEnv, { signal: ac.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('long PDFs', () => {
  it('stops reading after the report but keeps the page count honest', async () => {
    const f = good('pdf', '.pdf').find((x) => x.startsWith('gen_long20'))!;
    const r = await ingest(f, read('pdf', f));
    expect(r.meta.pages).toBe(20);
    expect(r.issues.find((i) => i.code === 'pdf.stopped_early')?.message).toMatch(/共 20 页/);
  });
});

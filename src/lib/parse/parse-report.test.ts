import { describe, expect, it } from 'vitest';
import { FIELD_IDS } from '../form/model.ts';
import { corpus, inconsistencyToCheck, seeds, type Fixture } from '../../../tests/unit/fixtures.ts';
import { parseReport } from './parse-report.ts';
import type { Report } from './types.ts';

const NOW = 2026;
const parse = (f: Fixture) => parseReport(f.bytes, { file: `${f.name}.txt`, nowYear: NOW });

/**
 * Fields that differ from the expected value must be ones the parser said it had to choose: a cut or blank-position
 * warning naming the field, whose alternatives contain the expected reading. (The corpus README: where the text
 * alone cannot decide, the right behaviour is the most plausible reading plus a warning listing every candidate.)
 */
function unexplainedDiffs(r: Report, f: Fixture): string[] {
  const out: string[] = [];
  for (const id of FIELD_IDS) {
    const want = f.expected.fields[id];
    if (r.fields[id] === want) continue;
    const flagged = r.issues.some(
      (i) =>
        i.severity === 'warning' &&
        (i.code === 'cut.ambiguous' || i.code === 'cut.blank_position') &&
        i.fields?.includes(id) &&
        i.alternatives?.some((alt) => Object.entries(alt).every(([k, v]) => v === f.expected.fields[k])),
    );
    if (!flagged) out.push(`${id}: got ${JSON.stringify(r.fields[id])}, expected ${JSON.stringify(want)}`);
  }
  return out;
}

describe('corpus: 12 real reports', () => {
  const files = corpus();
  it('has all 12 files', () => expect(files.map((f) => f.name)).toHaveLength(12));

  for (const f of files) {
    describe(f.name, () => {
      const r = parse(f);
      it('reads office, year and layout', () => {
        expect({ office: r.office, year: r.year, layout: r.layout }).toEqual({
          office: f.expected.office,
          year: f.expected.year,
          layout: f.expected.layout,
        });
      });
      it('returns all 200 field ids', () => expect(Object.keys(r.fields).sort()).toEqual([...FIELD_IDS].sort()));
      it('reads every field as expected, or flags the choice with the expected reading among the alternatives', () => {
        expect(unexplainedDiffs(r, f)).toEqual([]);
      });
      it('flags exactly the relations the published table breaks', () => {
        const failed = r.checks.filter((c) => c.ok === false).map((c) => `${c.relation}:${c.where}`);
        const expected = f.expected.inconsistent.map(inconsistencyToCheck).map((c) => `${c.relation}:${c.where}`);
        expect(failed.sort()).toEqual(expected.sort());
        if (expected.length) expect(r.issues.some((i) => i.code.startsWith('check.s') && i.severity === 'warning')).toBe(true);
      });
    });
  }

  it('reads exactly two reports whose text allows several readings, and says so', () => {
    const differing = files
      .filter((f) => {
        const r = parse(f);
        return FIELD_IDS.some((id) => r.fields[id] !== f.expected.fields[id]);
      })
      .map((f) => f.name);
    // 008: a blank cell among six zeros (position unknowable from text); 049: run 2120 (2/12/0, 2/1/20 or 21/2/0).
    expect(differing).toEqual(['008', '049']);
  });

  it('049: warns that 2120 can be cut three ways, listing 2/12/0', () => {
    const f = files.find((x) => x.name === '049')!;
    const w = parse(f).issues.find((i) => i.code === 'cut.ambiguous' && i.fields?.includes('s2.normative.made'));
    expect(w?.severity).toBe('warning');
    expect(w?.alternatives?.map((a) => [a['s2.normative.made'], a['s2.normative.repealed'], a['s2.normative.valid']])).toEqual(
      expect.arrayContaining([
        [2, 12, 0],
        [2, 1, 20],
        [21, 2, 0],
      ]),
    );
    expect(w?.alternatives).toHaveLength(3);
  });

  it('001 and 003: the part-二 cut confirmed by the prose or the most balanced cut is taken, with a warning', () => {
    const r1 = parse(files.find((x) => x.name === '001')!);
    expect([r1.fields['s2.normative.made'], r1.fields['s2.normative.repealed'], r1.fields['s2.normative.valid']]).toEqual([88, 55, 698]);
    expect(r1.issues.find((i) => i.code === 'cut.ambiguous')?.message).toContain('与正文所述数字一致');
    const r3 = parse(files.find((x) => x.name === '003')!);
    expect([r3.fields['s2.normative.made'], r3.fields['s2.normative.repealed'], r3.fields['s2.normative.valid']]).toEqual([62, 33, 440]);
    expect(r3.issues.some((i) => i.code === 'cut.ambiguous' && i.fields?.includes('s2.normative.valid'))).toBe(true);
  });

  it('020: the blank 总计 cells of （一） and （二） are null, said, and make their checks unverifiable', () => {
    const r = parse(files.find((x) => x.name === '020')!);
    expect(r.fields['s3.granted.total']).toBeNull();
    expect(r.fields['s3.partial.total']).toBeNull();
    expect(r.issues.filter((i) => i.code === 'cell.blank').map((i) => i.field)).toEqual(['s3.granted.total', 's3.partial.total']);
    const row = r.checks.find((c) => c.relation === 's3.row' && c.where === 'granted')!;
    expect(row.ok).toBeNull();
    expect(row.blanksAsZero).toEqual({ expected: 0, actual: 0, ok: true });
  });

  it('008: the blank cell of 四、结转 is flagged with every position it could be in', () => {
    const r = parse(files.find((x) => x.name === '008')!);
    const w = r.issues.find((i) => i.code === 'cut.blank_position')!;
    expect(w.severity).toBe('warning');
    expect(w.alternatives).toHaveLength(7);
    expect(w.alternatives?.some((a) => a['s3.carryforward.commercial'] === null && a['s3.carryforward.total'] === 0)).toBe(true);
  });

  it('2019 layout: part 二 goes to legacy, s2 ids are null, the single （六） row is in other.other', () => {
    for (const name of ['007', '014', '029']) {
      const r = parse(files.find((x) => x.name === name)!);
      expect(r.layout).toBe('2019');
      expect(Object.entries(r.fields).filter(([k, v]) => k.startsWith('s2.') && v !== null)).toEqual([]);
      expect(r.issues.some((i) => i.code === 's2.legacy_layout')).toBe(true);
      expect(r.issues.some((i) => i.code === 's3.single_other_row' && i.severity === 'info')).toBe(true);
    }
    const r14 = parse(files.find((x) => x.name === '014')!);
    expect(r14.legacy).toMatchObject({ 规章: [0, 0, 0], 规范性文件: [6, 4, 11], 行政许可: [0, 1, 0], 政府集中采购: ['2笔', '984361元'] });
  });

  it('040: a glued list number (…38.属于) and a year glued to a value (…收费02025年) are cut off', () => {
    const r = parse(files.find((x) => x.name === '040')!);
    expect(r.fields['s3.denied.enforcement.natural']).toBe(3);
    expect(r.fields['s3.denied.enforcement.total']).toBe(3);
    expect(r.fields['s2.fees']).toBe(0);
    expect(r.fields['s3.carryforward.total']).toBe(2);
  });
});

describe('seeds: 5 real reports in five text shapes', () => {
  for (const f of seeds()) {
    it(`${f.name}: every field, office and year`, () => {
      const r = parse(f);
      expect({ office: r.office, year: r.year, layout: r.layout }).toEqual({
        office: f.expected.office,
        year: f.expected.year,
        layout: f.expected.layout,
      });
      expect(r.fields).toEqual(f.expected.fields);
      expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    });
  }
  it('002: 101 new applications, 行政许可 40544, 收费 32.781 万元, 复议 17', () => {
    const r = parse(seeds().find((f) => f.name.startsWith('002'))!);
    expect(r.fields['s3.new.total']).toBe(101);
    expect(r.fields['s2.licensing']).toBe(40544);
    expect(r.fields['s2.fees']).toBe(32.781);
    expect(r.fields['s4.review.total']).toBe(17);
  });
});

describe('provenance', () => {
  it('every value read points at its digits in the input', () => {
    for (const f of [...seeds(), ...corpus()]) {
      const r = parse(f);
      for (const [id, src] of Object.entries(r.meta.sources)) {
        const v = r.fields[id];
        if (typeof v !== 'number') continue;
        expect(Number(f.text.slice(src.start, src.end).replace(/,/g, ''))).toBe(v);
        expect(src.line).toBeGreaterThan(0);
      }
    }
  });
});

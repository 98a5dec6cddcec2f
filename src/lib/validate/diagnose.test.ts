import { describe, expect, it } from 'vitest';
import { FIELD_IDS, type Fields } from '../form/model.ts';
import { evaluateRelations } from '../form/relations.ts';
import { parseReport } from '../parse/parse-report.ts';
import { corpus } from '../../../tests/unit/fixtures.ts';
import { renderText } from '../../../tests/gen/shapes.ts';
import { generateFields, generateIdentity, pick, rng } from '../../../tests/gen/values.ts';
import { diagnose, explainChecks, isTransposition } from './diagnose.ts';
import { ERROR_KINDS, injectError, type ErrorKind } from './inject-errors.ts';

/** A consistent table by hand: 6 new applications from 自然人, 4 granted and 2 not held; 1 review, upheld. */
function small(): Fields {
  const f: Fields = {};
  for (const id of FIELD_IDS) f[id] = 0;
  const put = (row: string, n: number) => {
    f[`s3.${row}.natural`] = n;
    f[`s3.${row}.total`] = n;
  };
  put('new', 6);
  put('granted', 4);
  put('unable.no_info', 2);
  put('total', 6);
  f['s4.review.upheld'] = 1;
  f['s4.review.total'] = 1;
  return f;
}
const run = (f: Fields) => diagnose(f, evaluateRelations(f));

describe('diagnose: hand-made tables', () => {
  it('a consistent table gives nothing', () => expect(run(small())).toEqual([]));

  it('one wrong cell: named, with the value it should have and the printed one', () => {
    const f = small();
    f['s3.total.natural'] = 5;
    const [d] = run(f);
    expect(d).toEqual({
      severity: 'warning',
      code: 'diagnosis.cell',
      message: '疑似填报错误：「（七）总计·自然人」应为 6（表中为 5）',
      fields: ['s3.total.natural'],
      suggestion: { 's3.total.natural': 6 },
    });
  });

  it('never changes the value it suggests a change for', () => {
    const f = small();
    f['s3.granted.natural'] = 40;
    const before = { ...f };
    run(f);
    expect(f).toEqual(before);
  });

  it('two digits transposed: 12 printed as 21', () => {
    const f = small();
    for (const row of ['new', 'total']) f[`s3.${row}.natural`] = f[`s3.${row}.total`] = 18;
    f['s3.granted.natural'] = f['s3.granted.total'] = 12;
    f['s3.unable.no_info.natural'] = f['s3.unable.no_info.total'] = 6;
    expect(run(f)).toEqual([]);
    f['s3.granted.natural'] = 21;
    const [d] = run(f);
    expect(d.code).toBe('diagnosis.transposition');
    expect(d.message).toBe('疑似数字颠倒：「（一）予以公开·自然人」应为 12（表中为 21）');
    expect(d.suggestion).toEqual({ 's3.granted.natural': 12 });
  });

  it('part 四: one relation for five cells, so every candidate is listed and none is picked', () => {
    const f = small();
    f['s4.review.upheld'] = 2; // the group now sums to 2 while its total says 1
    const [d] = run(f);
    expect(d.code).toBe('diagnosis.cell');
    expect(d.suggestion).toBeUndefined();
    // upheld back to 1, or the total up to 2; the other three cells are 0 and cannot go down.
    expect(d.alternatives).toEqual([{ 's4.review.upheld': 1 }, { 's4.review.total': 2 }]);
    expect(d.fields).toEqual(['s4.review.upheld', 's4.review.total']);
    expect(d.message).toContain('仅凭表内关系无法确定是哪一处');
  });

  it('the prose settles a part-四 ambiguity when it states the total', () => {
    const f = small();
    f['s4.review.upheld'] = 2;
    const [d] = diagnose(f, evaluateRelations(f), { stated: new Map([['s4.review.total', 1]]) });
    expect(d.suggestion).toEqual({ 's4.review.upheld': 1 });
  });

  it('two wrong cells in different rows and columns are found as a pair', () => {
    const f = small();
    f['s3.granted.natural'] = 5; // + 1
    f['s4.review.total'] = 3; // + 2
    const { best } = explainChecks(f, evaluateRelations(f));
    expect(best.map((e) => e.kind)).toEqual(expect.arrayContaining(['pair']));
    expect(best.some((e) => e.fix['s3.granted.natural'] === 4 && e.fix['s4.review.total'] === 1)).toBe(true);
  });

  it('mistakes in parts 三 and 四 that no two cells explain together: one diagnosis for each part', () => {
    const f = small();
    f['s3.total.natural'] = 7;
    f['s3.total.total'] = 7;
    f['s4.review.total'] = 2;
    const ds = run(f);
    expect(ds.map((d) => [d.code, d.suggestion, d.alternatives?.length])).toEqual([
      ['diagnosis.pair', { 's3.total.natural': 6, 's3.total.total': 6 }, undefined],
      ['diagnosis.cell', undefined, 5],
    ]);
  });

  it('a cell and its row total wrong alike read as one error carried into the total', () => {
    const f = small();
    f['s3.granted.natural'] = 5;
    f['s3.granted.total'] = 5;
    const [d] = run(f);
    expect(d.code).toBe('diagnosis.pair');
    expect(d.message).toContain('该行总计随之应为');
    expect(d.message.startsWith('疑似填报错误')).toBe(true);
  });

  it('isTransposition', () => {
    expect([isTransposition(12, 21), isTransposition(305, 350), isTransposition(12, 12), isTransposition(5, 5), isTransposition(12, 13)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('diagnose: the corpus reports that are inconsistent as published', () => {
  const files = corpus();
  const parse = (name: string) => {
    const f = files.find((x) => x.name === name)!;
    return parseReport(f.bytes, { file: `${name}.txt`, nowYear: 2026 });
  };

  it('007: the （七）总计 row left at 0; 4 in the 自然人 and 总计 columns', () => {
    const r = parse('007');
    const d = r.issues.filter((i) => i.code.startsWith('diagnosis.'));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({
      code: 'diagnosis.total_row_zero',
      severity: 'warning',
      fields: ['s3.total.natural', 's3.total.total'],
      suggestion: { 's3.total.natural': 4, 's3.total.total': 4 },
    });
    expect(d[0].message).toBe(
      '疑似漏填“（七）总计”行：该行全为 0，而（一）至（六）之和不为 0；按各列之和应为：「（七）总计·自然人」4、「（七）总计·总计」4',
    );
  });

  it('035: the 总计 column left at 0, then one extra application in the 自然人 outcome rows', () => {
    const r = parse('035');
    const d = r.issues.filter((i) => i.code.startsWith('diagnosis.'));
    expect(d.map((i) => i.code)).toEqual(['diagnosis.total_column_zero', 'diagnosis.pair']);
    expect(d[0].suggestion).toEqual({
      's3.new.total': 6,
      's3.unable.no_info.total': 4,
      's3.unable.unclear.total': 1,
      's3.other.overdue_correction.total': 1,
      's3.other.other.total': 1,
      's3.total.total': 6,
    });
    // With the totals filled, the 自然人 outcome rows hold 6 against （七）总计 5: one of three cells (and its row
    // total) is one too high; 四、结转 and 一、本年新收 agree with 5, so （七）总计 itself is not suspected.
    expect(d[1].suggestion).toBeUndefined();
    expect(d[1].alternatives).toEqual([
      { 's3.unable.no_info.natural': 3, 's3.unable.no_info.total': 3 },
      { 's3.unable.unclear.natural': 0, 's3.unable.unclear.total': 0 },
      { 's3.other.overdue_correction.natural': 0, 's3.other.overdue_correction.total': 0 },
    ]);
    expect(d[1].message.startsWith('补齐后仍不相符，疑似填报错误')).toBe(true);
  });

  it('the ten consistent corpus reports get no diagnosis', () => {
    const clean = files.filter((f) => !['007', '035'].includes(f.name)).map((f) => parse(f.name));
    expect(clean).toHaveLength(10);
    expect(clean.flatMap((r) => r.issues.filter((i) => i.code.startsWith('diagnosis.')))).toEqual([]);
  });
});

/** Consistent generated maps with one injected mistake each; only those the relations can see at all. */
function injected(kind: ErrorKind, count: number, seed: number) {
  const out: { fields: Fields; truth: Record<string, number>; expectKind: string }[] = [];
  for (let i = 0; out.length < count && i < count * 20; i++) {
    const r = rng(seed + i);
    const f = generateFields(r, { scale: pick(r, [1, 2, 3] as const) });
    const inj = injectError(f, kind, r);
    if (!inj || evaluateRelations(f).every((c) => c.ok !== false)) continue;
    out.push({ fields: f, truth: inj.truth, expectKind: inj.kind });
  }
  return out;
}
const gives = (fix: Record<string, number> | undefined, truth: Record<string, number>) =>
  fix !== undefined && Object.keys(fix).length === Object.keys(truth).length && Object.entries(truth).every(([k, v]) => fix[k] === v);

describe('diagnose: generated reports with injected mistakes', () => {
  it('single cells ±k: the right cell is always among the suggestions, and the unique suggestion in part 三', () => {
    const cases = injected('cell', 3000, 10_000);
    expect(cases).toHaveLength(3000);
    let unique = 0;
    let among = 0;
    let s3 = 0;
    let s3Unique = 0;
    for (const c of cases) {
      const { best, unique: u } = explainChecks(c.fields, evaluateRelations(c.fields));
      const right = u && gives(best[0]?.fix, c.truth);
      if (right) unique++;
      if (best.some((e) => gives(e.fix, c.truth))) among++;
      if (Object.keys(c.truth)[0].startsWith('s3.')) {
        s3++;
        if (right) s3Unique++;
      }
    }
    // Every cell of part 三 lies in a row relation and a column relation: one failing pair names one cell.
    expect(s3Unique / s3).toBe(1);
    expect(among / cases.length).toBe(1);
    // Part 四 has one relation per group of five cells: there the arithmetic cannot say which, and the diagnosis
    // lists the candidates (3.6 on average) without picking one. Measured over all 190 cells: 2771 of 3000 (92.4%)
    // get the right cell as the one suggestion; 100% in part 三, which holds 175 of the 190 cells.
    expect(unique).toBe(2771);
    expect(s3).toBe(2769);
  });

  const kinds = ERROR_KINDS.filter((k) => k !== 'cell');
  for (const kind of kinds) {
    it(`${kind}: every one found, named, and the true values suggested`, () => {
      const cases = injected(kind, 400, 20_000 + 1000 * kinds.indexOf(kind));
      expect(cases).toHaveLength(400);
      let named = 0;
      let exact = 0;
      for (const c of cases) {
        const ds = diagnose(c.fields, evaluateRelations(c.fields));
        expect(ds.length).toBeGreaterThan(0);
        expect(ds[0].code).not.toBe('diagnosis.unexplained');
        if (ds[0].code === `diagnosis.${c.expectKind}`) named++;
        if (gives(ds[0].suggestion as Record<string, number> | undefined, c.truth) || ds[0].alternatives?.some((a) => gives(a as Record<string, number>, c.truth)))
          exact++;
      }
      expect(exact).toBe(400);
      // A transposition can collide with another: two cells of a part-四 group whose digits both swap into a fix.
      if (kind === 'transposition') expect(named / 400).toBeGreaterThan(0.95);
      else expect(named).toBe(400);
    });
  }

  it('end to end: injected into text, parsed back, diagnosed in the report issues', () => {
    for (let i = 0; i < 60; i++) {
      const r = rng(33_000 + i);
      const f = generateFields(r, { scale: 2 });
      const kind = ERROR_KINDS[i % ERROR_KINDS.length];
      const inj = injectError(f, kind, r);
      if (!inj || evaluateRelations(f).every((c) => c.ok !== false)) continue;
      const rep = parseReport(renderText({ ...generateIdentity(r), fields: f }, 'tabs', r), { nowYear: 2026 });
      const d = rep.issues.find((x) => x.code.startsWith('diagnosis.'));
      expect(d, `${i} ${kind}`).toBeDefined();
      expect(d!.code, `${i} ${kind}`).not.toBe('diagnosis.unexplained');
      const all = [d!.suggestion, ...(d!.alternatives ?? [])] as (Record<string, number> | undefined)[];
      expect(all.some((x) => gives(x, inj.truth)), `${i} ${kind}`).toBe(true);
    }
  });
});

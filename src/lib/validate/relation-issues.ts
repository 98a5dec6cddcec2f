/**
 * Issues for the evaluated relations: one per failed check, one per check that a blank or text cell makes
 * impossible to evaluate (with what it would give with blanks read as 0). Pure.
 */
import { S3_COLUMN_LABELS, S3_ROWS, S4_GROUP_LABELS, shortFieldLabel, type Fields, type S3Column, type S4Group } from '../form/model.ts';
import type { Check } from '../form/relations.ts';
import type { Issue } from '../parse/types.ts';

export function whereLabel(c: Check): string {
  switch (c.relation) {
    case 's3.balance':
    case 's3.outcomes':
      return `「${S3_COLUMN_LABELS[c.where as S3Column] ?? c.where}」列`;
    case 's3.row':
      return `「${S3_ROWS.find((r) => r.key === c.where)?.short ?? c.where}」行`;
    case 's4.group':
      return `「${S4_GROUP_LABELS[c.where as S4Group] ?? c.where}」`;
  }
}

/** `一 + 二 = 12，（七）总计 + 四 = 11` style statement of both sides. */
export function sidesText(c: Pick<Check, 'relation'>, expected: number | null, actual: number | null): string {
  const e = expected ?? '—';
  const a = actual ?? '—';
  switch (c.relation) {
    case 's3.balance':
      return `一 + 二 = ${e}，（七）总计 + 四 = ${a}`;
    case 's3.outcomes':
      return `（一）至（六）合计 ${e}，（七）总计为 ${a}`;
    case 's3.row':
      return `各类申请人合计 ${e}，总计为 ${a}`;
    case 's4.group':
      return `维持 + 纠正 + 其他 + 尚未审结 = ${e}，总计为 ${a}`;
  }
}

/**
 * One warning per failed check; one issue per check a blank or text cell makes impossible to evaluate, naming those
 * cells and giving the result with blanks read as 0 (a warning when even that does not add up, with the value a
 * single blank cell would need).
 */
export function relationIssues(checks: readonly Check[], fields?: Fields): Issue[] {
  const out: Issue[] = [];
  for (const c of checks) {
    if (c.ok === false) {
      out.push({
        severity: 'warning',
        code: `check.${c.relation}`,
        message: `勾稽关系不符：${whereLabel(c)}${sidesText(c, c.expected, c.actual)}`,
        fields: c.fields,
      });
      continue;
    }
    if (c.ok !== null) continue;
    const blanks = fields ? c.fields.filter((id) => fields[id] === null) : [];
    const texts = fields ? c.fields.filter((id) => typeof fields[id] === 'string') : [];
    const named = (ids: string[]) => ids.map((id) => `「${shortFieldLabel(id)}」`).join('');
    if (c.blanksAsZero) {
      const z = c.blanksAsZero;
      let need = '';
      if (!z.ok && blanks.length === 1) {
        // The blank is on the summed side (first ids) or the printed side; the value that would make it hold.
        const onSummed = c.fields.indexOf(blanks[0]) < (c.relation === 's3.balance' ? 2 : c.fields.length - 1);
        const v = onSummed ? z.actual - z.expected : z.expected - z.actual;
        if (v >= 0) need = `；若该空白单元格为 ${v} 则相符`;
      }
      out.push({
        severity: z.ok ? 'info' : 'warning',
        code: 'check.unverifiable',
        message: `无法核对${whereLabel(c)}（含空白单元格${named(blanks)}）；空白按 0 计时：${sidesText(c, z.expected, z.actual)}，${z.ok ? '相符' : '不符'}${need}`,
        fields: c.fields,
      });
    } else {
      out.push({
        severity: 'info',
        code: 'check.unverifiable',
        message: `无法核对${whereLabel(c)}（含非数字单元格${named(texts)}）`,
        fields: c.fields,
      });
    }
  }
  return out;
}

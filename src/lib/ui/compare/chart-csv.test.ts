import { describe, expect, it } from 'vitest';
import { buildDataset, rankOffices } from '../../analyze/aggregate.ts';
import { handLibrary } from '../../analyze/__fixtures__/library.ts';
import { rankingChart } from '../charts/chart-config.ts';
import { chartTableCsv, safeFileName, tableCell } from './chart-csv.ts';

describe('chart data as CSV', () => {
  it('writes BOM, CRLF, numbers as numbers, no value as an empty cell', () => {
    const csv = chartTableCsv([
      ['年份', '公开率（%）'],
      [2023, 62.5],
      [2024, null],
    ]);
    expect(csv).toBe('\ufeff年份,公开率（%）\r\n2023,62.5\r\n2024,\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas, keeps negative numbers as numbers', () => {
    expect(tableCell('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(tableCell('+1')).toBe("'+1");
    expect(tableCell('-')).toBe("'-");
    expect(tableCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(tableCell(-3)).toBe('-3');
    expect(tableCell('淮安市人民政府')).toBe('淮安市人民政府');
    expect(chartTableCsv([['a,b', '=1+1']])).toBe('\ufeff"a,b",\'=1+1\r\n');
  });

  it('a ranking table: rank, office, value, then 其他 pooled', () => {
    // handLibrary 2023 公开率: 淮安市人民政府 50/80 = 62.5%; the other two pooled (8+2+1)/(18+2) = 55%.
    const spec = rankingChart(rankOffices(buildDataset(handLibrary()), 2023, 'disclosure_rate', { n: 1 }));
    expect(chartTableCsv(spec.table)).toBe('\ufeff排名,机关,公开率（%）\r\n1,淮安市人民政府,62.5\r\n,其他（2 个机关）,55\r\n');
  });
});

describe('file names', () => {
  it('replaces characters file systems refuse and trims dots and spaces', () => {
    expect(safeFileName('公开率：2024 年最高的 3 个机关', 'png')).toBe('公开率：2024 年最高的 3 个机关.png');
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j', 'csv')).toBe('a_b_c_d_e_f_g_h_i_j.csv');
    expect(safeFileName(' ..x.. ', 'csv')).toBe('x.csv');
    expect(safeFileName('', 'png')).toBe('图表.png');
    expect([...safeFileName('长'.repeat(100), 'csv')].length).toBe(84);
  });
});

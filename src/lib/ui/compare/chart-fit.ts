/**
 * Fitting a chart configuration to the width it gets. Chart.js does not wrap titles, so long titles and subtitles
 * (formulas, notes about 其他) are broken into lines that fit, and ChartCanvas adds their height to the box so the
 * plot keeps its size. Pure: text is measured by the function passed in (a canvas context in the browser).
 */
import type { ChartConfiguration } from 'chart.js';
import type { ChartSpec } from '../charts/chart-config.ts';

/** Below this width (CSS px) charts use a smaller font, so office names on the axis and titles fit a phone. */
export const NARROW = 560;
export const fontSizeFor = (width: number): number => (width < NARROW ? 10 : 12);

export type Measure = (text: string, bold: boolean) => number;

/** Lines of `text` broken between characters (Chinese has no spaces) so that none is wider than `width`. */
export function wrapText(text: string | readonly string[], width: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  for (const line of typeof text === 'string' ? [text] : text) {
    let cur = '';
    for (const ch of line) {
      if (cur && measure(cur + ch) > width) {
        out.push(cur);
        cur = ch.trim();
      } else cur += ch;
    }
    if (cur) out.push(cur);
  }
  return out;
}

/** A copy of the configuration with title and subtitle wrapped to `width`; `added`: the lines wrapping added. */
export function fitTitles(config: ChartSpec['config'], width: number, measure: Measure): { config: ChartConfiguration; added: number } {
  type Titled = { display?: boolean; text?: string | string[] };
  const plugins: Record<string, unknown> = { ...config.options?.plugins };
  let added = 0;
  for (const key of ['title', 'subtitle'] as const) {
    const p = plugins[key] as Titled | undefined;
    if (!p?.display || !p.text) continue;
    const lines = wrapText(p.text, width, (s) => measure(s, key === 'title'));
    added += lines.length - (typeof p.text === 'string' ? 1 : p.text.length);
    plugins[key] = { ...p, text: lines };
  }
  return { config: { ...config, options: { ...config.options, plugins } } as ChartConfiguration, added };
}

/**
 * A canvas stand-in for running Chart.js in Node (tests and the benchmark): Chart.js picks its BasicPlatform when
 * there is no DOM, lays the chart out and "draws" into a 2D context whose methods do nothing. Text is measured as
 * 7 px per character. Element positions are then real Chart.js layout; no pixel is painted.
 */
export interface FakeCanvas {
  width: number;
  height: number;
  style: Record<string, string>;
  getContext(kind: '2d'): unknown;
}

export function fakeCanvas(width: number, height: number): FakeCanvas {
  const state: Record<string | symbol, unknown> = {};
  const canvas: FakeCanvas = { width, height, style: {}, getContext: () => ctx };
  const ctx: unknown = new Proxy(state, {
    get(t, k) {
      if (k in t) return t[k];
      if (k === 'canvas') return canvas;
      if (k === 'measureText') return (s: unknown) => ({ width: String(s).length * 7, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 });
      if (k === 'getImageData') return () => ({ data: new Uint8ClampedArray(4) });
      return () => undefined;
    },
    set(t, k, v) {
      t[k] = v;
      return true;
    },
  });
  return canvas;
}

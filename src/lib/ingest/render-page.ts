/**
 * Draws the part of a PDF page a value came from, with the value's box highlighted, for the report view. Runs
 * pdf.js on the page (loaded only when a user asks to see a source) with its own module worker.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';

let pdfjsPromise: Promise<typeof import('pdfjs-dist')> | null = null;
const docs = new Map<string, Promise<PDFDocumentProxy>>();

async function pdfjs() {
  pdfjsPromise ??= (async () => {
    const [lib, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  })();
  return pdfjsPromise;
}

function assetsBase(): string {
  return new URL(import.meta.env.BASE_URL + 'pdfjs/', document.baseURI).href;
}

async function open(key: string, bytes: Uint8Array): Promise<PDFDocumentProxy> {
  let p = docs.get(key);
  if (!p) {
    const lib = await pdfjs();
    const base = assetsBase();
    p = lib.getDocument({
      data: bytes.slice(),
      isEvalSupported: false,
      cMapUrl: base + 'cmaps/',
      cMapPacked: true,
      standardFontDataUrl: base + 'standard_fonts/',
      wasmUrl: base + 'wasm/',
    }).promise;
    docs.set(key, p);
    // Keep at most two documents open.
    if (docs.size > 2) {
      const [oldest] = docs.keys();
      void docs.get(oldest)?.then((d) => d.destroy());
      docs.delete(oldest);
    }
  }
  return p;
}

/**
 * Render the part of `page` around `box` ([x0, top, x1, bottom] at scale 1) into `canvas`, at a readable scale
 * (1.5 CSS px per point) and the box outlined. Returns the box centre in CSS px, for scrolling it into view.
 */
export async function renderSource(
  key: string,
  bytes: Uint8Array,
  page: number,
  box: [number, number, number, number],
  canvas: HTMLCanvasElement,
): Promise<{ x: number; y: number }> {
  const doc = await open(key, bytes);
  const p = await doc.getPage(page);
  const css = 1.5;
  const dpr = window.devicePixelRatio || 1;
  const scale = css * dpr;
  const vp = p.getViewport({ scale });
  const full = document.createElement('canvas');
  full.width = Math.ceil(vp.width);
  full.height = Math.ceil(vp.height);
  await p.render({ canvas: full, viewport: vp }).promise;
  const margin = 60;
  const top = Math.max(0, (box[1] - margin) * scale);
  const bottom = Math.min(vp.height, (box[3] + margin) * scale);
  canvas.width = full.width;
  canvas.height = Math.max(1, Math.round(bottom - top));
  canvas.style.width = `${full.width / dpr}px`;
  canvas.style.height = `${canvas.height / dpr}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(full, 0, top, full.width, bottom - top, 0, 0, full.width, bottom - top);
  ctx.strokeStyle = '#1d4ed8';
  ctx.lineWidth = 2 * dpr;
  ctx.fillStyle = 'rgba(29, 78, 216, 0.15)';
  const pad = 3 * scale;
  const r = [box[0] * scale - pad, box[1] * scale - top - pad, (box[2] - box[0]) * scale + 2 * pad, (box[3] - box[1]) * scale + 2 * pad] as const;
  ctx.fillRect(...r);
  ctx.strokeRect(...r);
  return { x: ((box[0] + box[2]) / 2) * css, y: ((box[1] + box[3]) / 2) * css - top / dpr };
}

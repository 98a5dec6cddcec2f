/// <reference types="vite/client" />
/** pdf.js ships no types for its worker module; we only hand it to pdf.js as globalThis.pdfjsWorker. */
declare module 'pdfjs-dist/build/pdf.worker.min.mjs' {
  export const WorkerMessageHandler: unknown;
}

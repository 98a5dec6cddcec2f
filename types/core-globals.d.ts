/**
 * The few non-ECMAScript globals the pure modules may use, for `tsconfig.core.json` (lib ES2022, no DOM): each is
 * available in browsers, workers and Node alike. Anything else (document, window, indexedDB, fs) fails the check.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

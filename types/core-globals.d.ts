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
/** Cancellation, as the pure modules see it (browsers, workers and Node all provide AbortSignal). */
interface AbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

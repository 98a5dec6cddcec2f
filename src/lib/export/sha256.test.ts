import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rng } from '../../../tests/gen/values.ts';
import { sha256Hex } from './sha256.ts';

describe('sha256Hex', () => {
  it('FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });
  it('a string is hashed as UTF-8', () => {
    expect(sha256Hex('机关')).toBe(createHash('sha256').update('机关', 'utf8').digest('hex'));
  });
  it('equals node:crypto on every length 0–300 (padding boundaries 55, 56, 64) and random bytes', () => {
    const r = rng(7);
    for (let len = 0; len <= 300; len++) {
      const b = new Uint8Array(len).map(() => Math.floor(r() * 256));
      expect(sha256Hex(b), `length ${len}`).toBe(createHash('sha256').update(b).digest('hex'));
    }
  });
});

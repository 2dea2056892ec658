/**
 * MD5 (RFC 1321) in plain TypeScript. The Remote API wants the lowercase hex MD5 of the password, and
 * browsers' WebCrypto has no MD5, so the SDK and the sandbox share this one implementation.
 * It is only used to form that credential, never as a security primitive of its own.
 */

// Per-round left rotations and the constants K[i] = floor(abs(sin(i + 1)) * 2^32).
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** Message bytes plus the 0x80 marker, zero padding and the 64-bit little-endian bit length. */
function pad(bytes: Uint8Array): DataView {
  const length = (((bytes.length + 8) >>> 6) + 1) << 6;
  const buffer = new Uint8Array(length);
  buffer.set(bytes);
  buffer[bytes.length] = 0x80;
  const view = new DataView(buffer.buffer);
  const bits = bytes.length * 8;
  view.setUint32(length - 8, bits >>> 0, true);
  view.setUint32(length - 4, Math.floor(bits / 2 ** 32), true);
  return view;
}

function roundInput(i: number, b: number, c: number, d: number): { f: number; g: number } {
  if (i < 16) return { f: (b & c) | (~b & d), g: i };
  if (i < 32) return { f: (d & b) | (~d & c), g: (5 * i + 1) % 16 };
  if (i < 48) return { f: b ^ c ^ d, g: (3 * i + 5) % 16 };
  return { f: c ^ (b | ~d), g: (7 * i) % 16 };
}

function compress(state: Uint32Array, view: DataView, offset: number): void {
  let [a, b, c, d] = state;
  for (let i = 0; i < 64; i++) {
    const { f, g } = roundInput(i, b, c, d);
    const sum = (a + f + K[i] + view.getUint32(offset + g * 4, true)) >>> 0;
    const shift = SHIFTS[(i >>> 4) * 4 + (i % 4)];
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0;
  }
  state[0] = (state[0] + a) >>> 0;
  state[1] = (state[1] + b) >>> 0;
  state[2] = (state[2] + c) >>> 0;
  state[3] = (state[3] + d) >>> 0;
}

/** Lowercase hex MD5 of a string (hashed as UTF-8, as PHP's md5() does) or of raw bytes. */
export function md5(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const view = pad(bytes);
  const state = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  for (let offset = 0; offset < view.byteLength; offset += 64) compress(state, view, offset);
  const out = new DataView(state.buffer);
  let hex = '';
  for (let i = 0; i < 16; i++) hex += out.getUint8(i).toString(16).padStart(2, '0');
  return hex;
}

/** True when `text` already is a hex MD5 value (32 hex digits). */
export const isMd5 = (text: string): boolean => /^[0-9a-f]{32}$/i.test(text);

import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * User pictures. The product stores a file under its pictures directory and keeps the relative path
 * in `users.picture`; the mock keeps only the path and draws the image from it on demand: a small,
 * valid PNG "identicon" (5×5 mirrored blocks in one colour), the same bytes every time.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const CELL = 8;
const GRID = 5;
const SIZE = CELL * GRID;

/** A 40×40 RGB PNG derived from `seed`. */
export function identiconPng(seed: string): Buffer {
  const h = createHash('sha256').update(seed).digest();
  const fg = [h[0], h[1], h[2]].map((v) => 40 + (v % 160));
  const bg = [240, 240, 240];
  const raw = Buffer.alloc(SIZE * (SIZE * 3 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < SIZE; x++) {
      const gx = Math.min(Math.floor(x / CELL), GRID - 1 - Math.floor(x / CELL));
      const gy = Math.floor(y / CELL);
      const on = (h[3 + gy * 3 + gx] & 1) === 1;
      const px = on ? fg : bg;
      raw.set(px, row + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The stored path of a seeded picture, shaped like the product's (`ab/42_5f3c…png`). */
export function picturePath(userId: number, login: string): string {
  const h = createHash('sha1').update(`picture:${login}`).digest('hex');
  return `${h.slice(0, 2)}/${userId}_${h.slice(2, 15)}.png`;
}

/** The content type sniffed from the bytes, as the product's mime detection would. */
export function sniffMime(bytes: Buffer): string {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  return 'application/octet-stream';
}

// Draws the application icon without any image tools or network: a red rounded square with a white
// ledger page and a gold coin. Writes resources/icon.png (512×512) and resources/icon.ico (16, 32 and
// 48 px as classic 32-bit bitmaps, 256 px as embedded PNG — the usual Vista+ layout).
//   node scripts/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'resources');

const RED = [200, 16, 46];
const WHITE = [255, 255, 255];
const GOLD = [242, 181, 38];
const LINE = [200, 16, 46];

/** Signed distance to a rounded rectangle centred at (cx, cy). */
function roundRect(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** The colour (with coverage) at a point of the unit square [0,1]². */
function shade(x, y) {
  let c = null;
  if (roundRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.12) <= 0) c = RED;
  if (roundRect(x, y, 0.47, 0.46, 0.25, 0.3, 0.03) <= 0) {
    c = WHITE;
    for (const ly of [0.3, 0.4, 0.5, 0.6]) if (Math.abs(y - ly) < 0.018 && x > 0.3 && x < 0.64) c = LINE;
  }
  if (Math.hypot(x - 0.7, y - 0.72) <= 0.15) c = yen(x, y) ? RED : GOLD;
  return c;
}

function segment(x, y, ax, ay, bx, by) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

/** A ¥ sign on the coin. */
function yen(x, y) {
  const w = 0.014;
  return (
    segment(x, y, 0.64, 0.63, 0.7, 0.71) <= w ||
    segment(x, y, 0.76, 0.63, 0.7, 0.71) <= w ||
    segment(x, y, 0.7, 0.71, 0.7, 0.82) <= w ||
    segment(x, y, 0.65, 0.735, 0.75, 0.735) <= w * 0.8 ||
    segment(x, y, 0.65, 0.775, 0.75, 0.775) <= w * 0.8
  );
}

/** RGBA pixels, 4×4 supersampled. */
function render(size) {
  const px = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sj = 0; sj < S; sj++) {
        for (let si = 0; si < S; si++) {
          const c = shade((i + (si + 0.5) / S) / size, (j + (sj + 0.5) / S) / size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a++;
          }
        }
      }
      const o = (j * size + i) * 4;
      if (a) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
        px[o + 3] = Math.round((255 * a) / (S * S));
      }
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size) {
  const px = render(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let j = 0; j < size; j++) px.copy(raw, j * (size * 4 + 1) + 1, j * size * 4, (j + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A classic ICO bitmap entry: BITMAPINFOHEADER, bottom-up BGRA rows, then the 1-bit AND mask. */
function dib(size) {
  const px = render(size);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour + mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const colour = Buffer.alloc(size * size * 4);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const s = (j * size + i) * 4;
      const d = ((size - 1 - j) * size + i) * 4;
      colour[d] = px[s + 2];
      colour[d + 1] = px[s + 1];
      colour[d + 2] = px[s];
      colour[d + 3] = px[s + 3];
    }
  }
  const rowBytes = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(rowBytes * size);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      if (px[(j * size + i) * 4 + 3] === 0) mask[(size - 1 - j) * rowBytes + (i >> 3)] |= 0x80 >> (i & 7);
    }
  }
  return Buffer.concat([header, colour, mask]);
}

function ico(entries) {
  const head = Buffer.alloc(6);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(entries.length, 4);
  const dir = Buffer.alloc(16 * entries.length);
  let offset = 6 + dir.length;
  entries.forEach(({ size, data }, k) => {
    const o = k * 16;
    dir[o] = size >= 256 ? 0 : size;
    dir[o + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, o + 4); // planes
    dir.writeUInt16LE(32, o + 6); // bits per pixel
    dir.writeUInt32LE(data.length, o + 8);
    dir.writeUInt32LE(offset, o + 12);
    offset += data.length;
  });
  return Buffer.concat([head, dir, ...entries.map((e) => e.data)]);
}

fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'icon.png'), png(512));
fs.writeFileSync(
  path.join(out, 'icon.ico'),
  ico([
    { size: 16, data: dib(16) },
    { size: 32, data: dib(32) },
    { size: 48, data: dib(48) },
    { size: 256, data: png(256) },
  ]),
);
for (const f of ['icon.png', 'icon.ico']) console.log(`${path.join('resources', f)}：${fs.statSync(path.join(out, f)).size} 字节`);

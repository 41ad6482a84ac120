// A small PNG decoder for the chart tests: checks the signature and every chunk's CRC, and decodes 8-bit RGB/RGBA
// non-interlaced images (what resvg writes) into RGBA pixels. Anything else is reported, not guessed at.
import { crc32, inflateSync } from 'node:zlib';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** Row-major RGBA, 4 bytes a pixel. */
  readonly rgba: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function unfilter(data: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const raw = data[src + x]!;
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[row - stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[row - stride + x - bpp]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`row ${y}: unknown filter type ${filter}`);
      out[row + x] = (raw + predictor) & 0xff;
    }
  }
  return out;
}

export function decodePng(bytes: Uint8Array): DecodedPng {
  PNG_SIGNATURE.forEach((b, i) => {
    if (bytes[i] !== b) throw new Error(`not a PNG: byte ${i} is ${bytes[i]}, expected ${b}`);
  });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PNG_SIGNATURE.length;
  let header: { width: number; height: number; bitDepth: number; colorType: number; interlace: number } | undefined;
  const idat: Uint8Array[] = [];
  let sawEnd = false;
  while (offset < bytes.length && !sawEnd) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== crc) throw new Error(`chunk ${type}: bad CRC`);
    if (type === 'IHDR') {
      const h = new DataView(body.buffer, body.byteOffset, body.byteLength);
      header = { width: h.getUint32(0), height: h.getUint32(4), bitDepth: body[8]!, colorType: body[9]!, interlace: body[12]! };
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') sawEnd = true;
    offset += 12 + length;
  }
  if (header === undefined) throw new Error('no IHDR chunk');
  if (!sawEnd) throw new Error('no IEND chunk');
  const { width, height, bitDepth, colorType, interlace } = header;
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
  }
  const bpp = colorType === 6 ? 4 : 3;
  const pixels = unfilter(inflateSync(Buffer.concat(idat)), width, height, bpp);
  if (bpp === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    rgba[j] = pixels[i]!;
    rgba[j + 1] = pixels[i + 1]!;
    rgba[j + 2] = pixels[i + 2]!;
    rgba[j + 3] = 255;
  }
  return { width, height, rgba };
}

/** Pixels within `tolerance` (per channel) of a #rrggbb colour. */
export function countColor(png: DecodedPng, hex: string, tolerance = 24): number {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  let n = 0;
  for (let i = 0; i < png.rgba.length; i += 4) {
    if (Math.abs(png.rgba[i]! - r) <= tolerance && Math.abs(png.rgba[i + 1]! - g) <= tolerance && Math.abs(png.rgba[i + 2]! - b) <= tolerance) n++;
  }
  return n;
}

/** Pixels in a rectangle that are clearly not white (ink: text, lines). */
export function countInk(png: DecodedPng, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (png.rgba[i]! < 200 || png.rgba[i + 1]! < 200 || png.rgba[i + 2]! < 200) n++;
    }
  }
  return n;
}

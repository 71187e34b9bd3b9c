/**
 * Broadcast Wave (EBU Tech 3285) writer and a general RIFF WAVE reader.
 *
 * Writer: `RIFF WAVE` with chunks in the order `bext` (version 1, carrying the
 * TimeReference: the first sample's position in samples since midnight), `fmt `
 * (PCM, 24-bit) and `data`. Float samples are clamped to the 24-bit range
 * (clipping protection) and rounded to the nearest code.
 *
 * Dither choice: none by default. At 24 bits the rounding error sits at −144 dBFS,
 * below the noise of any SoundFont sample, any converter and any later lossy
 * encode, so dither buys nothing audible; without it a value round-trips within
 * half an LSB. `dither: 'tpdf'` adds triangular dither of ±1 LSB from a seeded
 * generator (mulberry32, src/util/rng.ts), so even dithered files are
 * byte-identical for identical input.
 *
 * Reader: PCM 8/16/24/32-bit integer and 32/64-bit IEEE float, plain or
 * WAVE_FORMAT_EXTENSIBLE; reads `bext` TimeReference when present.
 */
import { createRng } from '../util/rng.js';

export interface Wav24Options {
  /** First sample's time as samples since midnight (bext TimeReference), default 0. */
  readonly timeReferenceSamples?: number;
  /** bext Description (ASCII, at most 256 bytes; longer is cut). */
  readonly description?: string;
  /** bext Originator (ASCII, at most 32 bytes), default 'filmscore'. */
  readonly originator?: string;
  /** 'none' (default) or seeded triangular dither of ±1 LSB. */
  readonly dither?: 'none' | 'tpdf';
  /** Seed of the dither generator (default 1). */
  readonly ditherSeed?: number;
}

export interface DecodedWav {
  readonly sampleRate: number;
  /** One Float32Array per channel, nominal range [-1, 1). */
  readonly channels: Float32Array[];
  readonly bitsPerSample: number;
  /** 'pcm' for integer samples, 'float' for IEEE float. */
  readonly format: 'pcm' | 'float';
  /** bext TimeReference in samples since midnight, when a bext chunk is present. */
  readonly timeReference?: number;
  /** bext Description when present (trailing NULs removed). */
  readonly description?: string;
}

const BEXT_SIZE = 602; // v1 fixed part, no coding history
const FULL_SCALE_24 = 8388608; // 2^23

function writeAscii(buf: Buffer, offset: number, text: string, width: number): void {
  // Fixed-width ASCII field, NUL padded; non-ASCII characters become '?'.
  for (let i = 0; i < width; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    buf[offset + i] = c < 128 ? c : 63;
  }
}

/**
 * Encodes channels of float samples (nominal [-1, 1]) as a 24-bit PCM Broadcast Wave.
 * All channels must have the same length. `sampleRate` in Hz (integer).
 * Samples outside [-1, 1 − 2^-23] are clamped. Returns the whole file.
 */
export function encodeWav24(
  channels: readonly Float32Array[],
  sampleRate: number,
  opts: Wav24Options = {},
): Buffer {
  const nch = channels.length;
  if (nch < 1) throw new Error('encodeWav24: no channels');
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new Error(`encodeWav24: bad sample rate ${sampleRate}`);
  const frames = channels[0]!.length;
  for (const ch of channels) {
    if (ch.length !== frames) throw new Error('encodeWav24: channels differ in length');
  }
  const blockAlign = 3 * nch;
  const dataBytes = frames * blockAlign;
  // More than two channels: WAVE_FORMAT_EXTENSIBLE with a speaker mask (5.1: L R C LFE Ls Rs).
  const extensible = nch > 2;
  const fmtSize = extensible ? 40 : 16;
  const riffSize = 4 + (8 + BEXT_SIZE) + (8 + fmtSize) + (8 + dataBytes + (dataBytes & 1));
  if (riffSize > 0xffffffff) throw new Error('encodeWav24: file would exceed 4 GiB (RIFF limit)');
  const buf = Buffer.alloc(8 + riffSize);
  let o = 0;
  buf.write('RIFF', o, 'ascii');
  buf.writeUInt32LE(riffSize, o + 4);
  buf.write('WAVE', o + 8, 'ascii');
  o = 12;

  // bext v1
  buf.write('bext', o, 'ascii');
  buf.writeUInt32LE(BEXT_SIZE, o + 4);
  const b = o + 8;
  writeAscii(buf, b, opts.description ?? '', 256);
  writeAscii(buf, b + 256, opts.originator ?? 'filmscore', 32);
  writeAscii(buf, b + 288, '', 32); // OriginatorReference
  writeAscii(buf, b + 320, '', 10); // OriginationDate (left empty: output stays reproducible)
  writeAscii(buf, b + 330, '', 8); // OriginationTime
  const tref = Math.max(0, Math.round(opts.timeReferenceSamples ?? 0));
  buf.writeUInt32LE(tref % 0x100000000, b + 338);
  buf.writeUInt32LE(Math.floor(tref / 0x100000000), b + 342);
  buf.writeUInt16LE(1, b + 346); // Version
  // UMID (64) and Reserved (190) stay zero.
  o = b + BEXT_SIZE;

  // fmt
  buf.write('fmt ', o, 'ascii');
  buf.writeUInt32LE(fmtSize, o + 4);
  buf.writeUInt16LE(extensible ? 0xfffe : 1, o + 8); // WAVE_FORMAT_EXTENSIBLE / WAVE_FORMAT_PCM
  buf.writeUInt16LE(nch, o + 10);
  buf.writeUInt32LE(sampleRate, o + 12);
  buf.writeUInt32LE(sampleRate * blockAlign, o + 16);
  buf.writeUInt16LE(blockAlign, o + 20);
  buf.writeUInt16LE(24, o + 22);
  if (extensible) {
    buf.writeUInt16LE(22, o + 24); // cbSize
    buf.writeUInt16LE(24, o + 26); // valid bits
    buf.writeUInt32LE(nch === 6 ? 0x3f : 0, o + 28); // speaker mask (5.1), else unassigned
    Buffer.from([0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]).copy(buf, o + 32); // KSDATAFORMAT_SUBTYPE_PCM
  }
  o += 8 + fmtSize;

  // data
  buf.write('data', o, 'ascii');
  buf.writeUInt32LE(dataBytes, o + 4);
  o += 8;
  const rng = opts.dither === 'tpdf' ? createRng(opts.ditherSeed ?? 1) : undefined;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      let x = channels[c]![i]! * FULL_SCALE_24;
      if (rng) x += rng.next() - rng.next();
      let q = Math.round(x);
      if (Number.isNaN(q)) q = 0; // NaN never reaches the file
      else if (q < -FULL_SCALE_24) q = -FULL_SCALE_24;
      else if (q > FULL_SCALE_24 - 1) q = FULL_SCALE_24 - 1;
      buf[o] = q & 0xff;
      buf[o + 1] = (q >> 8) & 0xff;
      buf[o + 2] = (q >> 16) & 0xff;
      o += 3;
    }
  }
  return buf;
}

function readFourCC(buf: Uint8Array, at: number): string {
  return String.fromCharCode(buf[at]!, buf[at + 1]!, buf[at + 2]!, buf[at + 3]!);
}

/**
 * Decodes a RIFF WAVE file: PCM 8/16/24/32-bit or IEEE float 32/64-bit, any channel
 * count. Integer samples are scaled by 2^-(bits−1) (8-bit is unsigned, offset 128).
 * Throws Error on a file that is not WAVE or uses another codec.
 */
export function decodeWav(input: Uint8Array): DecodedWav {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length < 12 || readFourCC(buf, 0) !== 'RIFF' || readFourCC(buf, 8) !== 'WAVE') {
    throw new Error('not a RIFF WAVE file');
  }
  let fmt: { format: number; nch: number; rate: number; bits: number; blockAlign: number } | undefined;
  let dataAt = -1;
  let dataLen = 0;
  let timeReference: number | undefined;
  let description: string | undefined;
  let o = 12;
  while (o + 8 <= buf.length) {
    const id = readFourCC(buf, o);
    let size = buf.readUInt32LE(o + 4);
    const body = o + 8;
    if (body + size > buf.length) size = buf.length - body; // truncated or streamed (size 0xFFFFFFFF)
    if (id === 'fmt ') {
      let format = buf.readUInt16LE(body);
      const nch = buf.readUInt16LE(body + 2);
      const rate = buf.readUInt32LE(body + 4);
      const blockAlign = buf.readUInt16LE(body + 12);
      const bits = buf.readUInt16LE(body + 14);
      if (format === 0xfffe && size >= 40) format = buf.readUInt16LE(body + 24); // SubFormat GUID's first two bytes
      fmt = { format, nch, rate, bits, blockAlign };
    } else if (id === 'bext' && size >= 348) {
      timeReference = buf.readUInt32LE(body + 338) + buf.readUInt32LE(body + 342) * 0x100000000;
      description = buf.toString('latin1', body, body + 256).replace(/\0.*$/s, '');
    } else if (id === 'data') {
      dataAt = body;
      dataLen = size;
    }
    o = body + size + (size & 1);
  }
  if (!fmt) throw new Error('WAVE file has no fmt chunk');
  if (dataAt < 0) throw new Error('WAVE file has no data chunk');
  const { format, nch, rate, bits } = fmt;
  const bytesPer = bits / 8;
  if (nch < 1 || !Number.isInteger(bytesPer)) throw new Error(`unsupported WAVE layout: ${nch} channels, ${bits} bits`);
  const blockAlign = fmt.blockAlign || bytesPer * nch;
  const frames = Math.floor(dataLen / blockAlign);
  const channels: Float32Array[] = [];
  for (let c = 0; c < nch; c++) channels.push(new Float32Array(frames));
  let kind: 'pcm' | 'float';
  if (format === 1) {
    kind = 'pcm';
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < nch; c++) {
        const at = dataAt + i * blockAlign + c * bytesPer;
        let v: number;
        switch (bits) {
          case 8:
            v = (buf[at]! - 128) / 128;
            break;
          case 16:
            v = buf.readInt16LE(at) / 32768;
            break;
          case 24:
            v = buf.readIntLE(at, 3) / FULL_SCALE_24;
            break;
          case 32:
            v = buf.readInt32LE(at) / 2147483648;
            break;
          default:
            throw new Error(`unsupported PCM bit depth ${bits}`);
        }
        channels[c]![i] = v;
      }
    }
  } else if (format === 3) {
    kind = 'float';
    if (bits !== 32 && bits !== 64) throw new Error(`unsupported float bit depth ${bits}`);
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < nch; c++) {
        const at = dataAt + i * blockAlign + c * bytesPer;
        channels[c]![i] = bits === 32 ? buf.readFloatLE(at) : buf.readDoubleLE(at);
      }
    }
  } else {
    throw new Error(`unsupported WAVE format tag ${format}`);
  }
  const out: DecodedWav = { sampleRate: rate, channels, bitsPerSample: bits, format: kind };
  return timeReference === undefined ? out : { ...out, timeReference, description };
}

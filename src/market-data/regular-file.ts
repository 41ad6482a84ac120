// Reading a file the user named (a CSV of prices, a rules file) without trusting what it is: a FIFO or a device would
// be read forever (or block the open itself), and a huge file would be read whole into memory. The file is opened
// non-blocking, checked with fstat on the open descriptor (no race with a swap after a stat), and read only when it is
// a regular file within the size limit.
import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { fail, ok, type Result } from '../core/domain/result.js';

export interface FileText {
  readonly text: string;
  /** size:mtime:inode when read: a different one means the file changed. */
  readonly version: string;
}

export interface FileBytes {
  readonly bytes: Buffer;
  /** size:mtime:inode when read: a different one means the file changed. */
  readonly version: string;
}

/** What a path is, in words, for a refusal: "a FIFO", "a folder", "a device". */
function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isDirectory()) return 'a folder';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

export const fileVersion = (s: Stats): string => `${s.size}:${s.mtimeMs}:${s.ino}`;

const megabytes = (bytes: number): string => `${Number((bytes / (1024 * 1024)).toFixed(2))} MB`;

/** Why `s` cannot be read as a text file of at most `maxBytes`, or null when it can. `shown` names it in the message. */
export function refuseFile(s: Stats, shown: string, maxBytes: number): string | null {
  if (!s.isFile()) return `${shown} is ${kindOf(s)}, not a file: give a regular file`;
  if (s.size > maxBytes) return `${shown} is ${s.size.toLocaleString('en-US')} bytes, over the limit of ${megabytes(maxBytes)} per file`;
  return null;
}

/** The file's version without reading it (a FIFO is never opened), or the reason it cannot be read. */
export async function statRegularFile(filePath: string, shown: string, maxBytes: number): Promise<Result<string>> {
  let s: Stats;
  try {
    s = await stat(filePath);
  } catch (error) {
    return fail('file.unreadable', `cannot read ${shown}: ${errorCode(error) ?? String(error)}`, { path: filePath });
  }
  const refused = refuseFile(s, shown, maxBytes);
  return refused === null ? ok(fileVersion(s)) : fail('file.refused', refused, { path: filePath });
}

/** The UTF-8 text of a regular file of at most `maxBytes`; anything else is refused without being read. */
export async function readRegularFile(filePath: string, shown: string, maxBytes: number): Promise<Result<FileText>> {
  const read = await readRegularFileBytes(filePath, shown, maxBytes);
  return read.ok ? ok({ text: read.value.bytes.toString('utf8'), version: read.value.version }) : read;
}

/** The bytes of a regular file of at most `maxBytes` (parsers that read bytes skip decoding the whole file). */
export async function readRegularFileBytes(filePath: string, shown: string, maxBytes: number): Promise<Result<FileBytes>> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    handle = await open(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return fail('file.unreadable', `cannot read ${shown}: ${errorCode(error) ?? String(error)}`, { path: filePath });
  }
  try {
    const s = await handle.stat();
    const refused = refuseFile(s, shown, maxBytes);
    if (refused !== null) return fail('file.refused', refused, { path: filePath });
    // Exactly the size fstat saw: the version names that snapshot, and a file appended to since is read again later.
    const buffer = Buffer.alloc(s.size);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return ok({ bytes: buffer.subarray(0, filled), version: fileVersion(s) });
  } catch (error) {
    return fail('file.unreadable', `cannot read ${shown}: ${errorCode(error) ?? String(error)}`, { path: filePath });
  } finally {
    await handle.close();
  }
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

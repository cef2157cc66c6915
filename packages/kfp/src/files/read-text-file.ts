// Every file the plugin reads from a workspace or a repository goes through
// here: only regular files (a FIFO or a device would block or never end), only
// up to a documented size, only inside the workspace once symlinks are
// resolved, and only valid UTF-8 without NUL characters (a latin-1 byte would
// otherwise silently become U+FFFD and be deployed).

import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

const MiB = 1024 * 1024;

/** The largest file of each kind the plugin reads (README: "Limits"). */
export const SIZE_LIMITS = {
  /** experiments.yaml, recurring_runs.yaml, kfp-team.yaml, kfp-pipeline.yaml. */
  config: 1 * MiB,
  /** A rendered workflow.yaml (or pipeline.yaml). */
  pipeline: 16 * MiB,
  /** A parameter value file. */
  parameter: 1 * MiB,
} as const;

/** A file that cannot be read as text; the message names it (and the place in it) and says why. */
export class TextFileError extends Error {
  override name = 'TextFileError';
  constructor(
    /** What is wrong, without the file's name. */
    readonly reason: string,
    readonly shown: string,
    /** 1-based, when the problem is at a place in the file. */
    readonly position?: { line: number; column: number },
  ) {
    super(`${shown}${position ? `:${position.line}:${position.column}` : ''} ${reason}`);
  }
}

/**
 * Reads a regular file as UTF-8 text. Undefined when it does not exist (or a
 * parent is not a folder); throws a TextFileError for anything else wrong.
 * `shown` names the file in messages.
 */
export async function readTextFile(file: string, maxBytes: number, shown: string): Promise<string | undefined> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR') throw new TextFileError('is a folder, not a file', shown);
    throw new TextFileError(`cannot be read: ${(error as Error).message}`, shown);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new TextFileError('is a folder, not a file', shown);
    if (!stat.isFile()) throw new TextFileError(`is not a regular file (${fileKind(stat)}); only regular files are read`, shown);
    if (stat.size > maxBytes) throw new TextFileError(`is ${formatSize(stat.size, maxBytes)}, above the limit of ${formatBytes(maxBytes)} for this kind of file`, shown);
    // Read one byte more than allowed, in case the file grew since stat.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) throw new TextFileError(`is larger than the limit of ${formatBytes(maxBytes)} for this kind of file`, shown);
    return decodeText(buffer.subarray(0, bytesRead), shown);
  } finally {
    await handle.close();
  }
}

/** Strict UTF-8 with no NUL: what a text file the plugin deploys may contain. */
export function decodeText(bytes: Uint8Array, shown: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new TextFileError('is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8', shown, { line: 1, column: 1 });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new TextFileError(`is not valid UTF-8 (byte 0x${bytes[offset]?.toString(16).padStart(2, '0')} at offset ${offset}); save it as UTF-8`, shown, lineColumn(bytes, offset));
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const before = text.slice(0, nul).split('\n');
    throw new TextFileError('contains a NUL character, which no KFP field can hold', shown, { line: before.length, column: before[before.length - 1].length + 1 });
  }
  return text;
}

/**
 * The file's real path, when it is inside `root` once every symlink is
 * resolved; throws otherwise. A committed symlink must not make the plugin
 * read (and deploy) a file from elsewhere on the machine.
 */
export async function realPathInside(root: string, file: string, shown: string): Promise<string> {
  const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
  const inside = path.relative(realRoot, realFile);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new TextFileError(`leads outside the workspace (through a symbolic link, to ${realFile}); only files inside the workspace are read`, shown);
  }
  return realFile;
}

/** Where the first byte that does not start a well-formed UTF-8 sequence is (for the message only). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >> 5 === 0b110 ? 2 : b >> 4 === 0b1110 ? 3 : b >> 3 === 0b11110 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (i + k >= bytes.length || bytes[i + k] >> 6 !== 0b10) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

/** The line and column (in characters, as editors count them) of a byte offset in UTF-8 text. */
function lineColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      column = 1;
    } else if ((bytes[i] & 0xc0) !== 0x80) {
      column++;
    }
  }
  return { line, column };
}

function fileKind(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** A size for messages, in exact bytes when rounding would hide that it is above `limit`. */
function formatSize(bytes: number, limit: number): string {
  const rounded = formatBytes(bytes);
  return rounded === formatBytes(limit) ? `${bytes} bytes` : rounded;
}

function formatBytes(bytes: number): string {
  const rounded = (value: number) => value.toFixed(1).replace(/\.0$/, '');
  return bytes >= MiB ? `${rounded(bytes / MiB)} MiB` : bytes >= 1024 ? `${rounded(bytes / 1024)} KiB` : `${bytes} bytes`;
}

import { gunzipSync, inflateRawSync } from 'node:zlib';
import { invalidInput } from '../errors/api-error';

export const MAX_PIPELINE_FILE_BYTES = 32 << 20;

/** ReadPipelineFile: a YAML/JSON document, or a zip / gzipped tar holding exactly one. */
export function readPipelineFile(fileName: string, data: Buffer): string {
  if (data.length > MAX_PIPELINE_FILE_BYTES) {
    throw invalidInput(`File size too large. Maximum supported size: ${MAX_PIPELINE_FILE_BYTES}`);
  }
  const lower = fileName.toLowerCase();
  if (/\.(ya?ml|json)$/.test(lower)) return data.toString('utf8');
  if (data.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))) return singleFile(readTar(gunzipSafely(data)), fileName);
  if (data.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'binary'))) return singleFile(readZip(data), fileName);
  throw invalidInput('Unexpected pipeline file format. Support .zip, .tar.gz, .json or YAML.');
}

function singleFile(files: Buffer[], fileName: string): string {
  if (files.length !== 1) {
    throw invalidInput(`Invalid package ${fileName}: the archive must contain exactly one pipeline file, found ${files.length}`);
  }
  return files[0].toString('utf8');
}

function gunzipSafely(data: Buffer): Buffer {
  try {
    return gunzipSync(data, { maxOutputLength: MAX_PIPELINE_FILE_BYTES });
  } catch (error) {
    throw invalidInput(`Error extracting pipeline from the tarball file: ${(error as Error).message}`);
  }
}

/** Regular files of a ustar/gnu tar archive. */
function readTar(tar: Buffer): Buffer[] {
  const files: Buffer[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/, '');
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if ((type === '0' || type === '\0') && !name.split('/').pop()?.startsWith('._')) files.push(body);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Files (not directories) of a zip archive, read through its central directory. */
function readZip(zip: Buffer): Buffer[] {
  const eocd = zip.lastIndexOf(Buffer.from('PK\x05\x06', 'binary'));
  if (eocd < 0) throw invalidInput('Error extracting pipeline from the zip file: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let entry = zip.readUInt32LE(eocd + 16);
  const files: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const nameLength = zip.readUInt16LE(entry + 28);
    const extraLength = zip.readUInt16LE(entry + 30);
    const commentLength = zip.readUInt16LE(entry + 32);
    const localHeader = zip.readUInt32LE(entry + 42);
    const name = zip.subarray(entry + 46, entry + 46 + nameLength).toString('utf8');
    if (!name.endsWith('/')) {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const raw = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) files.push(raw);
      else if (method === 8) files.push(inflateRawSync(raw, { maxOutputLength: MAX_PIPELINE_FILE_BYTES }));
      else throw invalidInput(`Error extracting pipeline from the zip file: unsupported compression method ${method}`);
    }
    entry += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

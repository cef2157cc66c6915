import type { IncomingMessage } from 'node:http';
import { MAX_PIPELINE_FILE_BYTES } from '../resources/pipeline-file';

/** Largest request body accepted: a maximal pipeline file plus multipart overhead. */
export const MAX_BODY_BYTES = MAX_PIPELINE_FILE_BYTES + (1 << 20);

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError(`request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

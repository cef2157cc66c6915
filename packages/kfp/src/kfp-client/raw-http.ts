import axios, { type AxiosInstance } from 'axios';
import type { Agent } from 'node:https';
import type { Readable } from 'node:stream';

/**
 * An axios instance that hands every response back as text, whatever its
 * status, and never follows redirects: callers decide what a status or a
 * redirect means (an API error, a login page, the next hop of a login flow).
 */
export function rawHttpClient(httpsAgent?: Agent): AxiosInstance {
  return axios.create({
    maxRedirects: 0,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    httpsAgent,
  });
}

/**
 * A response body (responseType 'stream') as text, decoded as it arrives, as
 * axios decodes text (UTF-8, a byte order mark dropped). Nothing holds the
 * whole body as bytes: buffered, each page of a listing (megabytes) left its
 * chunks and their concatenated copy as external memory until a full GC.
 */
export async function readText(body: Readable): Promise<string> {
  body.setEncoding('utf8');
  let text = '';
  for await (const chunk of body) text += chunk as string;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

import axios, { type AxiosInstance } from 'axios';
import type { Agent } from 'node:https';

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

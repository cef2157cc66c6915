import { redactSecrets } from '../utils/redact';
import { grpcCodeName } from './grpc-codes';

/**
 * Why a call failed:
 * - `http`: the server answered with an error status;
 * - `login-page`: a gateway answered with a login page or a redirect to one;
 * - `network`: no HTTP answer (reset, refused, DNS);
 * - `timeout`: no answer within the call's time limit;
 * - `invalid-response`: a 2xx answer that is not what the API documents.
 */
export type KfpErrorReason = 'http' | 'login-page' | 'network' | 'timeout' | 'invalid-response';

export interface KfpApiErrorInit {
  operation: string;
  reason: KfpErrorReason;
  /** HTTP status; 0 when no HTTP answer arrived. */
  status: number;
  code?: number;
  /** The short message from the server (or a description of what arrived). */
  serverMessage: string;
  /** Namespace the call was made for, named in authentication errors. */
  namespace?: string;
  /** Human description of the credentials in use, named in authentication errors. */
  identity?: string;
  /** Node's error code for network failures (ECONNRESET, ECONNREFUSED, ...). */
  networkCode?: string;
  retryAfterMs?: number;
  /** Why a non-KFP answer (HTML, text, a routing error) most likely came; named in the message. */
  likelyCause?: string;
}

/** Network failures after which the request certainly never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** Transient network failures; anything else (TLS trust, DNS name not found) will not heal by retrying. */
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** The one error type every KFP API call throws. Its texts never contain registered secrets. */
export class KfpApiError extends Error {
  override readonly name = 'KfpApiError';
  readonly operation: string;
  readonly reason: KfpErrorReason;
  readonly status: number;
  readonly code?: number;
  readonly serverMessage: string;
  readonly namespace?: string;
  readonly identity?: string;
  readonly networkCode?: string;
  readonly retryAfterMs?: number;
  readonly likelyCause?: string;

  constructor(init: KfpApiErrorInit) {
    super(redactSecrets(composeMessage(init)));
    this.operation = init.operation;
    this.reason = init.reason;
    this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    this.serverMessage = redactSecrets(init.serverMessage);
    if (init.namespace !== undefined) this.namespace = init.namespace;
    if (init.identity !== undefined) this.identity = redactSecrets(init.identity);
    if (init.networkCode !== undefined) this.networkCode = init.networkCode;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.likelyCause !== undefined) this.likelyCause = init.likelyCause;
  }

  /** Worth repeating: transient network trouble, overload or throttling. */
  get retryable(): boolean {
    if (this.reason === 'timeout') return true;
    if (this.reason === 'network') return RETRYABLE_NETWORK_CODES.has(this.networkCode ?? '');
    return this.reason === 'http' && RETRYABLE_STATUSES.has(this.status);
  }

  /** The server may or may not have carried out the request (relevant for creates). */
  get outcomeUnknown(): boolean {
    if (this.reason === 'timeout') return true;
    if (this.reason === 'network') return !NOT_SENT_CODES.has(this.networkCode ?? '');
    return this.reason === 'http' && this.status >= 500;
  }

  /** A few words for log lines: `HTTP 503`, `timeout`, `ECONNRESET`. */
  get summary(): string {
    if (this.reason === 'http') return `HTTP ${this.status}`;
    if (this.reason === 'network') return this.networkCode ?? 'network error';
    return this.reason;
  }

  /** The credentials were missing, refused, or not accepted by the gateway. */
  get unauthenticated(): boolean {
    return this.reason === 'login-page' || (this.reason === 'http' && this.status === 401);
  }
}

/** Where credentials come from: named whenever they were missing or refused. */
const CREDENTIALS_HINT = 'credentials come from KFP_TOKEN, KFP_TOKEN_PATH (or --token-path), KFP_COOKIE, or DEX_USERNAME and DEX_PASSWORD';
/** The multi-user server refuses a call without a namespace with these words. */
const NAMESPACE_MISSING = /empty namespace in multi-user mode|requires filtering by a NAMESPACE|namespace is empty|Namespace is empty/i;
const NAMESPACE_HINT = 'this KFP server is multi-user: set the profile namespace with --namespace, KFP_NAMESPACE, or namespace in kfp-team.yaml';

function composeMessage(init: KfpApiErrorInit): string {
  const where = init.namespace ? `namespace "${init.namespace}"` : 'no namespace given';
  const who = init.identity ?? 'unknown credentials';
  switch (init.reason) {
    case 'login-page':
      return `${init.operation}: not authenticated: got a login page instead of the KFP API (${init.serverMessage}): the session cookie or token was not accepted; ${where}, credentials: ${who}; ${CREDENTIALS_HINT}`;
    case 'network':
      return `${init.operation}: could not reach the KFP API (${init.serverMessage})`;
    case 'timeout':
      return `${init.operation}: no answer from the KFP API (${init.serverMessage})`;
    case 'invalid-response':
      return `${init.operation}: unexpected response from the KFP API: ${init.serverMessage}`;
    case 'http':
      break;
  }
  const code = init.code === undefined ? '' : ` ${grpcCodeName(init.code)}`;
  const cause = init.likelyCause ? `; likely cause: ${init.likelyCause}` : '';
  if (init.status === 401) {
    return `${init.operation}: not authenticated (HTTP 401${code}); ${where}, credentials: ${who}: ${init.serverMessage}${cause}; ${CREDENTIALS_HINT}`;
  }
  if (init.status === 403) {
    return `${init.operation}: permission denied (HTTP 403${code}) in ${where} for ${who}: ${init.serverMessage}${cause}${init.namespace ? '' : `; ${NAMESPACE_HINT}`}`;
  }
  const namespaceHint = !init.namespace && NAMESPACE_MISSING.test(init.serverMessage) ? `; ${NAMESPACE_HINT}` : '';
  return `${init.operation} failed (HTTP ${init.status}${code}): ${init.serverMessage}${cause}${namespaceHint}`;
}

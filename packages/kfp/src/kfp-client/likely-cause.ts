import type { ErrorBodyFormat } from './error-body';

/**
 * What most likely produced an error answer that is not one of KFP's own errors: a gateway or proxy
 * in front of the API (Istio, oauth2-proxy, a load balancer) answering with HTML or text, or the
 * API server's router answering for a path or method it does not serve. Undefined for a KFP error.
 */
export function likelyCause(status: number, format: ErrorBodyFormat, serverMessage: string, method: string): string | undefined {
  const routing = serverMessage === 'Not Found' || serverMessage === '404 page not found' || serverMessage === 'Method Not Allowed';
  const foreign = format === 'html' || format === 'text' || format === 'empty';
  if (!foreign && !routing) return undefined;
  if (status === 404 || (status === 501 && serverMessage === 'Not Found')) {
    return 'no such KFP API path: check the host and its path prefix (e.g. https://host/pipeline, without /apis/v1beta1)';
  }
  if (status === 405 || serverMessage === 'Method Not Allowed') {
    return `the server does not accept ${method} on this path: check that the host is the KFP v1beta1 API`;
  }
  if (status === 401 || status === 403) {
    return 'the gateway in front of KFP refused the request: the session cookie or token was not accepted, or the identity may not use this namespace';
  }
  if (status === 502 || status === 503 || status === 504) {
    return 'a gateway or proxy in front of KFP could not reach the API server (is ml-pipeline running and ready?)';
  }
  if (status === 413) return 'the request is larger than a proxy in front of KFP accepts';
  return 'the answer comes from something in front of the KFP API, not from the API server';
}

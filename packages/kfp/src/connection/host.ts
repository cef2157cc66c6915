import { ConnectionConfigError } from './types';

/**
 * Normalises a KFP endpoint the way the v1 SDK does: `https://` when no
 * scheme is given, no trailing slash. A path prefix such as `/pipeline`
 * (Kubeflow and deployKF gateways) is kept, and a host without one (a
 * port-forward or the in-cluster service) stays without: both are valid.
 * A trailing `/apis/v1beta1` is dropped since the client adds it.
 */
export function normalizeHost(raw: string, source: string): string {
  const value = raw.trim();
  if (!value) throw new ConnectionConfigError(`${source} is empty; expected a URL such as https://kubeflow.example.com/pipeline`);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConnectionConfigError(`${source} is not a valid URL`);
  }
  // Checked before the value is ever echoed, so credentials in it are not printed.
  if (url.username || url.password) {
    throw new ConnectionConfigError(`${source} must not contain a user name or password; use the auth settings instead`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConnectionConfigError(`${source} must be an http or https URL, got "${value}"`);
  }
  if (url.search || url.hash) {
    throw new ConnectionConfigError(`${source} must not contain a query or fragment, got "${value}"`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/apis\/v1beta1$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

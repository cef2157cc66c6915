/** Supplies credentials to every API request. Implemented by the connection layer. */
export interface AuthProvider {
  /** Human description of the credentials, named in errors; never contains the secret. */
  readonly identity: string;
  /** Headers for the next request (re-read each time, so rotating tokens are picked up). */
  headers(): Promise<Record<string, string>>;
  /**
   * Called when the server or gateway rejects the credentials. Returns true
   * when fresh credentials were obtained and the request is worth repeating.
   */
  refresh?(): Promise<boolean>;
}

/** No credentials: single-user clusters, port-forwards, and unsecured gateways. */
export const anonymousAuth: AuthProvider = {
  identity: 'no credentials (anonymous)',
  headers: async () => ({}),
};

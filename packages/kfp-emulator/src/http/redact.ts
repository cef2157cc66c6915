/** Query parameters whose values are credentials or one-time secrets; never recorded or logged. */
const SECRET_PARAMS = /^(code|password|token|access_token|id_token|refresh_token|client_secret|secret|api_key|key)$/i;

export function redactQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  return rawQuery
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      return SECRET_PARAMS.test(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=REDACTED` : pair;
    })
    .join('&');
}

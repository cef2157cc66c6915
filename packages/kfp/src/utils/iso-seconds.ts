/** A time as the KFP server stores it: RFC 3339 in UTC, whole seconds (`2024-01-01T09:00:00Z`). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

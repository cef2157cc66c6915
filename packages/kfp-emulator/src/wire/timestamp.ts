/** RFC 3339 in UTC with whole seconds and a `Z`, as the KFP server emits timestamps. */
export function formatTimestamp(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp (protojson Timestamp input) to epoch ms, or undefined if malformed. */
export function parseTimestamp(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export const toSeconds = (ms: number): number => Math.floor(ms / 1000);

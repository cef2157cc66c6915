import { invalidInput } from '../errors/api-error';

/** Go's url.QueryUnescape: `+` is a space, `%XX` a byte; a malformed escape is an error. */
export function goQueryUnescape(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`invalid URL escape "${text.slice(i, i + 3)}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (ch === '+') {
      bytes.push(0x20);
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parses a raw query string the way net/http does for grpc-gateway (multi-valued, first value wins). */
export function parseQuery(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = goQueryUnescape(rawKey);
      value = goQueryUnescape(rawValue);
    } catch (error) {
      throw invalidInput(`malformed query string: ${(error as Error).message}`);
    }
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

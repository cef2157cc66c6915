/** What a secret is replaced with in messages and logs. */
export const REDACTED = '[REDACTED]';

/**
 * Shorter values are not redacted: replacing every occurrence of a one- or
 * two-letter string would shred messages without protecting anything real.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Replaces every occurrence of each secret in `text` (also its URL-encoded
 * form, since cookies and form bodies travel encoded). Longest secrets go
 * first so a secret that contains another is removed whole.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    variants.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) variants.add(encoded);
  }
  let result = text;
  for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
    result = result.split(variant).join(REDACTED);
  }
  return result;
}

/**
 * The secrets this process has handled. The auth layer registers every token,
 * cookie and password it reads, so any message or log line can be cleaned
 * without knowing which credentials were in play.
 */
export class SecretRegistry {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    const value = secret?.trim();
    if (value && value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
  }

  redact(text: string): string {
    return this.secrets.size === 0 ? text : redact(text, this.secrets);
  }

  get size(): number {
    return this.secrets.size;
  }
}

/** The process-wide registry used by every error message and log line of the plugin. */
export const secretRegistry = new SecretRegistry();

/** Registers a secret in the process-wide registry. */
export function registerSecret(secret: string | undefined): void {
  secretRegistry.add(secret);
}

/** Removes every registered secret from `text`. */
export function redactSecrets(text: string): string {
  return secretRegistry.redact(text);
}

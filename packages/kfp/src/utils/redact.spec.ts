import { REDACTED, SecretRegistry, redact } from './redact';

describe('redact', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redact('token abcd1234 and again abcd1234.', ['abcd1234'])).toBe(`token ${REDACTED} and again ${REDACTED}.`);
  });

  it('also removes the URL-encoded form of a secret', () => {
    const secret = 'p@ss word+1';
    expect(redact(`login=user&password=${encodeURIComponent(secret)}`, [secret])).toBe(`login=user&password=${REDACTED}`);
  });

  it('removes a longer secret whole even when it contains a shorter one', () => {
    expect(redact('cookie: session=secretvalue', ['secretvalue', 'session=secretvalue'])).toBe(`cookie: ${REDACTED}`);
  });

  it('ignores secrets too short to redact safely', () => {
    expect(redact('a cat sat', ['a', 'at'])).toBe('a cat sat');
  });

  it('leaves text without secrets unchanged', () => {
    expect(redact('nothing to hide', ['hunter22'])).toBe('nothing to hide');
  });
});

describe('SecretRegistry', () => {
  it('redacts what was registered, trimmed, and nothing else', () => {
    const registry = new SecretRegistry();
    registry.add('  tok-123456\n');
    registry.add(undefined);
    registry.add('');
    expect(registry.size).toBe(1);
    expect(registry.redact('Bearer tok-123456 for user1')).toBe(`Bearer ${REDACTED} for user1`);
  });

  it('is a no-op while empty', () => {
    expect(new SecretRegistry().redact('Bearer tok-123456')).toBe('Bearer tok-123456');
  });
});

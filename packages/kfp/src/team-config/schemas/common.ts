import { z } from 'zod';
import { isRecord } from '../../utils/is-record';

/** A required string that must not be empty. */
export const nonEmptyString = () => z.string().min(1, 'must not be empty');

/** A name KFP shows and matches on: one line, no control characters. */
export const hasNoControlCharacters = (name: string) => !/[\u0000-\u001f\u007f]/.test(name);

const GIT_REF = /^[^\s-][^\s]*$/;

/** A branch, tag or commit SHA, safe to pass to git and to a URL. */
export const gitRefString = () => nonEmptyString().regex(GIT_REF, 'must be a branch, tag or commit SHA (no spaces, not starting with "-")');

/** A relative path that stays inside its repository or workspace. */
export const relativePathString = (inside: 'repository' | 'workspace') =>
  nonEmptyString().refine((p) => !p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p) && !p.split(/[\\/]/).includes('..'), {
    message: `must be a relative path inside the ${inside} (no leading "/" and no ".." segments)`,
  });

/** Where the credentials of a URL's server come from instead of the URL. */
const KFP_CREDENTIALS = 'KFP_TOKEN, KFP_TOKEN_PATH, KFP_COOKIE, DEX_USERNAME/DEX_PASSWORD';
export const GITHUB_CREDENTIALS = 'GITHUB_TOKEN';

export const httpUrlString = (credentialsFrom = KFP_CREDENTIALS) =>
  nonEmptyString()
    .refine((u) => /^https?:\/\/[^\s/]+/.test(u) && URL.canParse(u), {
      message: 'must be an http:// or https:// URL',
    })
    // Team files are committed: credentials never go in them (they come from the environment).
    .refine((u) => !URL.canParse(u) || (new URL(u).username === '' && new URL(u).password === ''), {
      message: `must not contain a user name or password (user:password@); credentials come from the environment (${credentialsFrom})`,
    });

/** A Kubernetes namespace: an RFC 1123 label. */
export const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const namespaceString = () =>
  nonEmptyString()
    .max(63, 'must be at most 63 characters (a Kubernetes namespace)')
    .regex(NAMESPACE_PATTERN, 'must be a Kubernetes namespace: lower-case letters, digits and "-", starting and ending with a letter or digit');

/** Checks that run even when sibling keys are invalid, so every problem is reported at once. */
export const onObjects = { when: (payload: { value: unknown }) => isRecord(payload.value) };


/** Present and not null. */
export function isSet(record: Record<string, unknown>, key: string): boolean {
  return record[key] !== undefined && record[key] !== null;
}

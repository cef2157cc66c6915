// kfp-team.yaml is committed to git: anything that looks like a credential is
// refused, and the message points at the environment variables instead.

import { error, type PendingProblem } from '../config-file/problems';
import { allKeys, type YamlFile } from '../config-file/yaml-file';

const SECRET_KEY = /(^|[_.-])(token|password|passwd|pwd|secret|client[_-]?secret|cookie|cookies|api[_-]?key|apikey|private[_-]?key|credentials?|bearer)$/i;

export function isSecretLikeKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** One error per secret-looking key, never echoing its value. */
export function findSecrets(yaml: YamlFile): PendingProblem[] {
  return allKeys(yaml)
    .filter(({ key }) => isSecretLikeKey(key))
    .map(({ key, path }) =>
      error(
        path,
        `${JSON.stringify(key)} looks like a secret, and kfp-team.yaml is committed to git: remove it and pass credentials through the environment instead: KFP_TOKEN (bearer token), KFP_COOKIE (session cookie) or DEX_USERNAME and DEX_PASSWORD (Dex login); a token file can be named with auth.token_path`,
      ),
    );
}

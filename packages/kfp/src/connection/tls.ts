import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { ConnectionConfigError, type ConnectionOptions } from './types';

const warnedHosts = new Set<string>();

/**
 * The https agent for a connection: extra CA certificates from `caFile`
 * (added to Node's bundled roots), or no certificate checks at all when
 * `skipTlsVerify` is set, which prints a warning once per host and process.
 * Undefined when the defaults apply.
 */
export function createHttpsAgent(
  connection: Pick<ConnectionOptions, 'host' | 'caFile' | 'skipTlsVerify'>,
  warn: (message: string) => void,
): HttpsAgent | undefined {
  if (connection.skipTlsVerify) {
    if (!warnedHosts.has(connection.host)) {
      warnedHosts.add(connection.host);
      warn(`WARNING: TLS certificate verification is turned off for ${connection.host} (skipTlsVerify / KFP_SKIP_TLS_VERIFY); anyone on the network path can read and change the traffic, credentials included.`);
    }
    return new HttpsAgent({ keepAlive: true, rejectUnauthorized: false });
  }
  if (connection.caFile) {
    let pem: string;
    try {
      pem = readFileSync(connection.caFile, 'utf8');
    } catch (cause) {
      const code = (cause as { code?: unknown }).code;
      throw new ConnectionConfigError(`cannot read the CA file ${connection.caFile} (caFile / KFP_CA_FILE): ${typeof code === 'string' ? code : 'unknown error'}`, { cause });
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConnectionConfigError(`the CA file ${connection.caFile} (caFile / KFP_CA_FILE) holds no PEM certificate`);
    }
    return new HttpsAgent({ keepAlive: true, ca: [...rootCertificates, pem] });
  }
  return undefined;
}

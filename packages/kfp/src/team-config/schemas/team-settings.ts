import { z } from 'zod';
import { GITHUB_CREDENTIALS, httpUrlString, isSet, namespaceString, nonEmptyString, onObjects } from './common';

export const AUTH_METHODS = ['none', 'token', 'token-file', 'cookie', 'dex'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
export const DEX_CONNECTORS = ['local', 'ldap'] as const;
export type DexConnector = (typeof DEX_CONNECTORS)[number];

export const DEFAULT_SERVICE_ACCOUNT = 'default-editor';

const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const authSchema = z
  .strictObject({
    method: z
      .enum(AUTH_METHODS)
      .default('none')
      .describe(
        'How to authenticate to KFP. none; token: bearer token from env KFP_TOKEN; token-file: bearer token read from token_path (e.g. a projected service account token); cookie: session cookie from env KFP_COOKIE; dex: Dex login with env DEX_USERNAME and DEX_PASSWORD.',
      ),
    token_path: nonEmptyString().optional().describe('Token file for method token-file, relative to the team folder or absolute. Re-read on every request.'),
    dex_connector: z.enum(DEX_CONNECTORS).optional().describe('Dex connector for method dex: local (static passwords, the default) or ldap.'),
  })
  .refine((a) => a.method !== 'token-file' || isSet(a, 'token_path'), { message: 'method token-file needs token_path', path: ['token_path'], ...onObjects })
  .refine((a) => a.method === 'token-file' || !isSet(a, 'token_path'), { message: 'token_path is only used with method token-file', path: ['token_path'], ...onObjects })
  .refine((a) => a.method === 'dex' || !isSet(a, 'dex_connector'), { message: 'dex_connector is only used with method dex', path: ['dex_connector'], ...onObjects })
  .describe('Authentication. Secrets never go in this file: they come from the environment (KFP_TOKEN, KFP_COOKIE, DEX_USERNAME/DEX_PASSWORD) or a token file.');

export const environmentSchema = z
  .strictObject({
    host: httpUrlString().describe('KFP API base URL, e.g. https://kubeflow.example.com/pipeline (the v1beta1 API lives under <host>/apis/v1beta1).'),
    namespace: namespaceString().optional().describe("The namespace in this environment (default: the team's namespace)."),
    ui_url: httpUrlString().optional().describe('KFP UI base URL, for links in plans and logs (default: derived from host).'),
    auth: authSchema.optional(),
    ca_file: nonEmptyString().optional().describe('PEM file of extra certificate authorities to trust, relative to the team folder or absolute.'),
    skip_tls_verify: z.boolean().default(false).describe('Do not verify the server certificate (test clusters only).'),
  })
  .describe('A KFP cluster this team folder can be applied to.');

export const teamSettingsFileSchema = z
  .strictObject({
    namespace: namespaceString().optional().describe('The KFP namespace (profile) this team folder is the truth for. Default: the folder name.'),
    default_service_account: nonEmptyString()
      .default(DEFAULT_SERVICE_ACCOUNT)
      .describe('The service account the server gives a job that sets none (KFP multi-user: default-editor). Used to compare jobs without a service_account.'),
    github_api_url: httpUrlString(GITHUB_CREDENTIALS).optional().describe('GitHub REST API base URL for GitHub Enterprise sources (default: env GITHUB_API_URL, then https://api.github.com).'),
    default_environment: nonEmptyString().optional().describe('The environment used when none is given on the command line.'),
    environments: z
      .record(z.string().regex(ENVIRONMENT_NAME, 'must be an environment name: letters, digits, ".", "_" and "-"'), environmentSchema)
      .default({})
      .describe('The KFP clusters this folder can be applied to, by name (e.g. dev, prod).'),
  })
  .refine((s) => !isSet(s, 'default_environment') || (typeof s.environments === 'object' && s.environments !== null && String(s.default_environment) in s.environments), {
    error: (issue) => {
      const input = issue.input as { default_environment?: unknown; environments?: unknown };
      const names = input.environments && typeof input.environments === 'object' ? Object.keys(input.environments) : [];
      return `default_environment ${JSON.stringify(input.default_environment)} is not one of the environments (${names.length > 0 ? names.join(', ') : 'none declared'})`;
    },
    path: ['default_environment'],
    ...onObjects,
  })
  .describe('kfp-team.yaml: settings of one team folder. No secrets: credentials come from the environment.');

export type ParsedTeamSettings = z.infer<typeof teamSettingsFileSchema>;
export type ParsedEnvironment = z.infer<typeof environmentSchema>;

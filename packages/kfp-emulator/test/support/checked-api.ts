import { join } from 'node:path';
import { SwaggerDocument, type Schema } from './swagger-validator';

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked against swagger

/** A response body as JSON, for tests that fetch directly. */
export const readJson = (response: Response): Promise<Json> => response.json() as Promise<Json>;

export interface ApiResponse {
  status: number;
  body: Json;
  headers: Headers;
}

const SWAGGER_DIR = join(__dirname, '..', 'swagger');
const load = (release: string, api: 'v1beta1' | 'v2beta1') => SwaggerDocument.load(join(SWAGGER_DIR, release, api, 'kfp_api_single_file.swagger.json'));
/** The swagger of each flavor's release, by API. */
const SWAGGER = {
  '2.1': { v1beta1: load('kfp-2.1.0', 'v1beta1'), v2beta1: load('kfp-2.1.0', 'v2beta1') },
  '2.14': { v1beta1: load('kfp-2.17.0', 'v1beta1'), v2beta1: load('kfp-2.17.0', 'v2beta1') },
};

/** The upload handler's real error body (its swagger entry says apiStatus, which it never writes). */
const UPLOAD_ERROR: Schema = {
  type: 'object',
  properties: { error_message: { type: 'string' }, error_details: { type: 'string' } },
};

/** The upload handler's early errors are JSON sent as text/plain (net/http sniffs the type). */
const isUploadJson = (path: string, text: string): boolean => /\/pipelines\/upload(_version)?(\?|$)/.test(path) && text.startsWith('{');

/**
 * A fetch wrapper that validates every JSON response against the swagger of the flavor's KFP release
 * for its API (v1beta1 or v2beta1) and collects the violations, so a scenario can assert there were none.
 */
export class CheckedApi {
  readonly problems: string[] = [];
  checked = 0;
  /** How many responses were checked, by API. */
  readonly checkedByApi = { v1beta1: 0, v2beta1: 0 };

  constructor(
    private readonly baseUrl: string,
    private readonly flavor: '2.1' | '2.14',
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const init: RequestInit = { method, headers: { ...this.defaultHeaders, ...headers }, redirect: 'manual' };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(this.baseUrl + path, init);
    const text = await response.text();
    const json: Json = response.headers.get('content-type')?.includes('application/json') || isUploadJson(path, text) ? JSON.parse(text) : text;
    this.check(method, path, response.status, json);
    return { status: response.status, body: json, headers: response.headers };
  }

  get = (path: string, headers?: Record<string, string>) => this.call('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.call('POST', path, body, headers);
  delete = (path: string, headers?: Record<string, string>) => this.call('DELETE', path, undefined, headers);

  upload(path: string, fileName: string, content: string): Promise<ApiResponse> {
    const form = new FormData();
    form.append('uploadfile', new Blob([content]), fileName);
    return this.call('POST', path, form);
  }

  private check(method: string, path: string, status: number, body: Json): void {
    const apiPath = path.split('?')[0];
    const api = /^(?:\/pipeline)?\/apis\/(v1beta1|v2beta1)\//.exec(apiPath)?.[1] as 'v1beta1' | 'v2beta1' | undefined;
    if (!api) return;
    const swagger = SWAGGER[this.flavor][api];
    const declared = swagger.responseSchema(method, apiPath, status);
    if (!declared) return; // not a declared operation (e.g. the 404 for an unknown path)
    const isUpload = /\/pipelines\/upload(_version)?$/.test(apiPath);
    const schema = isUpload && status !== 200 ? UPLOAD_ERROR : declared.schema;
    const errors = swagger.validate(schema, body, {
      strict: true,
      openDefinitions: ['protobufAny'],
      allowTopLevel: apiPath.endsWith('/healthz') ? ['commit_sha', 'tag_name'] : [],
      bareObjectIsAnyValue: this.flavor === '2.1',
    });
    this.checked += 1;
    this.checkedByApi[api] += 1;
    for (const error of errors) this.problems.push(`${declared.operation} -> ${status}: ${error}`);
  }
}

import type { DeclaredParameter } from './compiled-file';

export class ParamsError extends Error {
  override name = 'ParamsError';
}

/**
 * The `params/` folder of a rendered pipeline: one file per parameter, named
 * after it, holding its default value as raw text (no quoting, no added newline),
 * as in the reference design. For v2 the text is the IR default as it would be
 * typed: integers without `.0`, lists and structs as JSON.
 *
 * Files the pipeline script wrote itself win (reference pipelines write their own
 * params/); every other parameter that has a default in the compiled pipeline gets
 * a file with that default. A file for a name the pipeline does not declare would
 * be rejected by the KFP server at run time, so it is an error here.
 */
export function paramsForRender(
  declared: readonly DeclaredParameter[],
  writtenByScript: ReadonlyMap<string, string>,
  pipeline: string,
): Map<string, string> {
  const names = new Set(declared.map((p) => p.name));
  const unknown = [...writtenByScript.keys()].filter((name) => !names.has(name)).sort();
  if (unknown.length > 0) {
    throw new ParamsError(
      `${pipeline}: params/${unknown.join(', params/')} ${unknown.length === 1 ? 'is not a parameter' : 'are not parameters'} of the pipeline (declared: ${[...names].join(', ') || 'none'})`,
    );
  }
  const params = new Map<string, string>();
  for (const { name, value } of declared) {
    const written = writtenByScript.get(name);
    if (written !== undefined) params.set(name, written);
    else if (value !== undefined) params.set(name, value);
  }
  return params;
}

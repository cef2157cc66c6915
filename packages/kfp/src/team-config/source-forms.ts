// Picks which form a `pipeline_source` or `valueFrom` mapping is written in,
// from its keys, so that errors speak about that form only (a plain union
// would report the mistakes of every form, or of the wrong one).

import type { z } from 'zod';
import {
  gitPipelineSourceSchema,
  gitValueFromSchema,
  githubPipelineSourceSchema,
  githubValueFromSchema,
  projectParamValueFromSchema,
  projectPipelineSourceSchema,
  workspacePipelineSourceSchema,
} from './schemas/pipeline-source';
import { isRecord } from '../utils/is-record';

export type SourceContext = 'pipeline_source' | 'valueFrom';

interface SourceForm {
  label: string;
  /** Keys that only this form has; any of them selects it. */
  markers: readonly string[];
  /** How the form is written, for messages. */
  synopsis: string;
  schema: z.ZodObject;
}

const GITHUB_MARKERS = ['github_owner', 'github_repo', 'git_reference', 'github_api_url'];
const PROJECT_MARKERS = ['project', 'variant', 'param'];
const GIT_MARKERS = ['url', 'ref', 'path'];

const FORMS: Record<SourceContext, { marked: SourceForm[]; fallback: SourceForm }> = {
  pipeline_source: {
    marked: [
      { label: 'GitHub', markers: GITHUB_MARKERS, synopsis: '{github_owner, github_repo, git_reference, file_path}', schema: githubPipelineSourceSchema },
      { label: 'project', markers: PROJECT_MARKERS, synopsis: '{project, variant?}', schema: projectPipelineSourceSchema },
      { label: 'git', markers: GIT_MARKERS, synopsis: '{url, ref, path}', schema: gitPipelineSourceSchema },
    ],
    fallback: { label: 'workspace path', markers: [], synopsis: '{file_path}', schema: workspacePipelineSourceSchema },
  },
  valueFrom: {
    marked: [
      { label: 'GitHub', markers: GITHUB_MARKERS, synopsis: '{file_path, github_owner?, github_repo?, git_reference?}', schema: githubValueFromSchema },
      { label: 'project', markers: PROJECT_MARKERS, synopsis: '{project, variant?, param}', schema: projectParamValueFromSchema },
      { label: 'git', markers: GIT_MARKERS, synopsis: '{url, ref, path}', schema: gitValueFromSchema },
    ],
    fallback: { label: 'file', markers: [], synopsis: '{file_path}', schema: githubValueFromSchema },
  },
};

export type FormChoice = { ok: true; schema: z.ZodObject; label: string } | { ok: false; message: string };

/** The form a source mapping is written in, or why it cannot be told. */
export function chooseSourceForm(value: unknown, context: SourceContext): FormChoice {
  const { marked, fallback } = FORMS[context];
  const all = [...marked, fallback];
  const formsList = all.map((f) => `${f.label} ${f.synopsis}`).join(', ');
  if (!isRecord(value)) return { ok: false, message: `must be a mapping in one of these forms: ${formsList}` };
  const keys = Object.keys(value);
  const matching = marked.filter((form) => form.markers.some((m) => keys.includes(m)));
  if (matching.length > 1) {
    const clues = matching.map((form) => `${form.markers.filter((m) => keys.includes(m)).join(', ')} (${form.label})`);
    return { ok: false, message: `mixes keys of different forms: ${clues.join(' and ')}; use exactly one form: ${formsList}` };
  }
  const form = matching[0] ?? fallback;
  if (form === fallback && !keys.includes('file_path')) {
    return { ok: false, message: `must use one of these forms: ${formsList}` };
  }
  return { ok: true, schema: form.schema, label: form.label };
}

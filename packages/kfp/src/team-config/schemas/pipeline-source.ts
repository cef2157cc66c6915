// The forms `pipeline_source` and `pipeline_parameters[].valueFrom` can take.
// Each form is a strict object; a form is picked by its keys (see source-forms.ts).

import { z } from 'zod';
import { gitTransportProblem } from '../../pipeline-sources/git-transports';
import { VARIANT_NAME_PATTERN } from '../../pipeline/layout';
import { GITHUB_CREDENTIALS, gitRefString, httpUrlString, nonEmptyString, relativePathString } from './common';

const githubApiUrl = () =>
  httpUrlString(GITHUB_CREDENTIALS).describe(
    'GitHub REST API base URL, for GitHub Enterprise (e.g. https://github.example.com/api/v3). Default: github_api_url in kfp-team.yaml, then env GITHUB_API_URL, then https://api.github.com.',
  );

const variant = () =>
  nonEmptyString()
    .regex(VARIANT_NAME_PATTERN, 'must be a variant name: letters, digits, ".", "_" and "-", starting with a letter or digit')
    .describe('The render variant: reads RENDERED_PIPELINE_<variant>/ instead of RENDERED_PIPELINE/.');

const project = () => nonEmptyString().describe('The name of an Nx project in this workspace that renders a KFP pipeline.');

const gitUrl = () =>
  nonEmptyString()
    .refine((u) => !u.startsWith('-'), { message: 'must be a git URL or path, not an option' })
    .refine((u) => gitTransportProblem(u) === undefined, { error: (issue) => gitTransportProblem(String(issue.input)) })
    .describe('A git URL or local path: https://, http://, ssh://, git://, file://, scp-like git@host:repo, or a path. Other transports (ext::, fd::, remote helpers) are refused.');

const gitRef = () => gitRefString().describe('Branch, tag or commit SHA. A branch or tag follows new commits on every run; a full SHA pins the file.');

export const githubPipelineSourceSchema = z
  .strictObject({
    github_owner: nonEmptyString().describe('Owner (user or organisation) of the GitHub repository holding the rendered pipeline.'),
    github_repo: nonEmptyString().describe('Name of the GitHub repository.'),
    git_reference: gitRef(),
    file_path: relativePathString('repository')
      .regex(/\.yaml$/, 'must end in .yaml (the rendered workflow.yaml)')
      .describe('Path of the rendered workflow.yaml inside the repository.'),
    github_api_url: githubApiUrl().optional(),
  })
  .describe('A rendered pipeline in a GitHub repository (the reference format).');

export const projectPipelineSourceSchema = z
  .strictObject({ project: project(), variant: variant().optional() })
  .describe("The rendered output of a pipeline project in this workspace: <project root>/RENDERED_PIPELINE[_<variant>]/workflow.yaml.");

export const workspacePipelineSourceSchema = z
  .strictObject({
    file_path: relativePathString('workspace').describe('Workspace-relative path of a rendered workflow.yaml, or of a rendered folder containing one.'),
  })
  .describe('A rendered pipeline anywhere in this workspace.');

export const gitPipelineSourceSchema = z
  .strictObject({
    url: gitUrl(),
    ref: gitRef(),
    path: relativePathString('repository').describe('Path inside the repository of the rendered workflow.yaml, or of a rendered folder containing one.'),
  })
  .describe('A rendered pipeline in any git repository.');

export const pipelineSourceSchema = z
  .union([githubPipelineSourceSchema, projectPipelineSourceSchema, workspacePipelineSourceSchema, gitPipelineSourceSchema])
  .describe(
    'Where to read the rendered pipeline (workflow.yaml) from. Exactly one form: GitHub {github_owner, github_repo, git_reference, file_path}, workspace project {project, variant?}, workspace path {file_path}, or git {url, ref, path}.',
  );

export const githubValueFromSchema = z
  .strictObject({
    file_path: relativePathString('repository').describe(
      "Path of the file whose whole content is the value. Alone, it is read from the same place as pipeline_source (same GitHub repository and reference, same git repository and ref, or the workspace for project and path sources).",
    ),
    github_owner: nonEmptyString().optional().describe('GitHub repository owner (default: pipeline_source.github_owner).'),
    github_repo: nonEmptyString().optional().describe('GitHub repository name (default: pipeline_source.github_repo).'),
    git_reference: gitRef().optional().describe('Branch, tag or commit SHA (default: pipeline_source.git_reference).'),
    github_api_url: githubApiUrl().optional(),
  })
  .describe('A file next to the pipeline source, or in another GitHub repository (the reference format).');

export const projectParamValueFromSchema = z
  .strictObject({
    project: project(),
    variant: variant().optional(),
    param: nonEmptyString()
      .regex(/^[^/\\]+$/, 'must be a parameter file name, without "/"')
      .describe("Name of a file in the project's rendered params/ folder (a parameter's rendered default value)."),
  })
  .describe("A rendered parameter file of a pipeline project: <project root>/RENDERED_PIPELINE[_<variant>]/params/<param>.");

export const gitValueFromSchema = z
  .strictObject({
    url: gitUrl(),
    ref: gitRef(),
    path: relativePathString('repository').describe('Path of the file inside the repository.'),
  })
  .describe('A file in any git repository.');

export const valueFromSchema = z
  .union([githubValueFromSchema, projectParamValueFromSchema, gitValueFromSchema])
  .describe(
    "Read the value from a file (its whole content, as-is). Exactly one form: {file_path} (next to pipeline_source) optionally with github_owner/github_repo/git_reference, {project, variant?, param}, or {url, ref, path}.",
  );

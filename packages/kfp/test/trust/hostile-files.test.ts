// A pipeline or parameter file that is not a regular file, is over its size
// limit, or is reached through a symbolic link out of the workspace is refused
// before it is read, at the position of the run that names it. Before the fix a
// FIFO never returned, a link to /dev/zero read for half a minute, and a
// committed link deployed a file from elsewhere on the machine.

import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, cpSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readTextFile, SIZE_LIMITS } from '../../src/files/read-text-file';
import { withDeadline } from '../support/deadline';
import { commitFiles, createRepo, git } from '../pipeline-sources/support/local-git';
import { sourceWorkspace, type SourceWorkspace } from './support';

jest.setTimeout(120_000);

const RENDERED = 'pipelines/pipe/RENDERED_PIPELINE';
const FROM_PARAM_FILE = '[{name: custom_message, valueFrom: {project: pipe, param: custom_message}}]';
const AT_SOURCE = 'teams/team-a/recurring_runs.yaml:2:5 error recurring_runs[0].pipeline_source: cannot read the pipeline:';
const AT_VALUE = 'teams/team-a/recurring_runs.yaml:3:50 error recurring_runs[0].pipeline_parameters[0].valueFrom: cannot read the value:';

let ws: SourceWorkspace;
beforeAll(() => {
  ws = sourceWorkspace();
});
afterAll(() => ws.dispose());

/** Puts something else in place of files of the pipe render for the test, and restores them after it. */
async function withReplaced(files: string[], make: (file: string) => void, test: () => Promise<void>): Promise<void> {
  const saved = files.map((f) => [join(ws.root, RENDERED, f), readFileSync(join(ws.root, RENDERED, f))] as const);
  try {
    for (const [file] of saved) {
      rmSync(file);
      make(file);
    }
    await test();
  } finally {
    for (const [file, content] of saved) {
      // Should a read ever wait on a FIFO again, let it go (a writer's open ends the wait) before the FIFO is removed.
      if (lstatSync(file, { throwIfNoEntry: false })?.isFIFO()) closeSync(openSync(file, 'r+'));
      rmSync(file, { force: true });
      writeFileSync(file, content);
    }
  }
}

const validate = () => withDeadline(ws.validate(), 30_000, 'validate');

test('a FIFO as workflow.yaml and as a parameter file is refused, not waited on', async () => {
  ws.setRun('{project: pipe}', FROM_PARAM_FILE);
  await withReplaced(['workflow.yaml', 'params/custom_message'], (file) => execFileSync('mkfifo', [file]), async () => {
    expect((await validate()).printed).toBe(
      [
        `${AT_SOURCE} ${RENDERED}/workflow.yaml is not a regular file (a FIFO); only regular files are read`,
        `${AT_VALUE} ${RENDERED}/params/custom_message is not a regular file (a FIFO); only regular files are read`,
      ].join('\n'),
    );
  });
});

test('the hand-edit check of a render reads it as safely: a FIFO as its .kfp-digest is not waited on', async () => {
  ws.setRun('{project: pipe}');
  const digest = join(ws.root, RENDERED, '.kfp-digest');
  execFileSync('mkfifo', [digest]);
  try {
    expect((await validate()).printed).toBe('');
  } finally {
    closeSync(openSync(digest, 'r+'));
    rmSync(digest);
  }
});

test('a link to /dev/zero as workflow.yaml and as a parameter file is refused, and so is the device itself', async () => {
  ws.setRun('{project: pipe}', FROM_PARAM_FILE);
  await withReplaced(['workflow.yaml', 'params/custom_message'], (file) => symlinkSync('/dev/zero', file), async () => {
    expect((await validate()).printed).toBe(
      [
        `${AT_SOURCE} ${RENDERED}/workflow.yaml leads outside the workspace (through a symbolic link, to /dev/zero); only files inside the workspace are read`,
        `${AT_VALUE} ${RENDERED}/params/custom_message leads outside the workspace (through a symbolic link, to /dev/zero); only files inside the workspace are read`,
      ].join('\n'),
    );
  });
  // The check behind the link check: whatever leads to a device, it is not read.
  await expect(withDeadline(readTextFile('/dev/zero', SIZE_LIMITS.pipeline, 'zero'), 10_000, 'read /dev/zero')).rejects.toThrow(
    'zero is not a regular file (a character device); only regular files are read',
  );
});

test('a 20 MB workflow.yaml is refused before it is read, in the workspace and in a git repository', async () => {
  const big = (file: string) => {
    writeFileSync(file, readFileSync(join(__dirname, '../validate/fixtures/projects/example-pipeline/RENDERED_PIPELINE/workflow.yaml')));
    appendFileSync(file, `#${'x'.repeat(1022)}\n`.repeat(20 * 1024));
  };
  ws.setRun('{project: pipe}');
  await withReplaced(['workflow.yaml'], big, async () => {
    expect((await validate()).printed).toBe(`${AT_SOURCE} ${RENDERED}/workflow.yaml is 20 MiB, above the limit of 16 MiB for this kind of file`);
  });

  const repo = createRepo(join(ws.root, '..', `${ws.root.split('/').pop()}-repo`));
  try {
    big(join(repo, 'workflow.yaml'));
    const commit = commitFiles(repo, {});
    const url = pathToFileURL(repo).href;
    ws.setRun(`{url: "${url}", ref: main, path: workflow.yaml}`);
    const size = readFileSync(join(repo, 'workflow.yaml')).length;
    expect((await validate()).printed).toBe(
      `${AT_SOURCE} git ${url}@main:workflow.yaml: workflow.yaml is ${size} bytes at commit ${commit.slice(0, 12)}, above the limit of ${SIZE_LIMITS.pipeline} bytes for this kind of file`,
    );
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('committed links out of the workspace are refused: a parameter file, and a pipeline folder', async () => {
  // Outside the workspace: a secret, and a whole rendered pipeline that would pass validation.
  const outside = realpathSync(join(ws.root, '..')) + `/${ws.root.split('/').pop()}-outside`;
  mkdirSync(outside, { recursive: true });
  try {
    writeFileSync(join(outside, 'secret.txt'), 'not-for-kfp-7c1f\n');
    cpSync(join(ws.root, RENDERED), join(outside, 'pipe/RENDERED_PIPELINE'), { recursive: true });
    writeFileSync(join(outside, 'pipe/RENDERED_PIPELINE/params/custom_message'), 'not-for-kfp-7c1f\n');
    createRepo(ws.root);
    symlinkSync(`../../../${outside.split('/').pop()}/secret.txt`, join(ws.root, 'teams/team-a/message.txt'));
    symlinkSync(`../../${outside.split('/').pop()}/pipe`, join(ws.root, 'pipelines/linked'));
    git(ws.root, 'add', '--all');
    git(ws.root, 'commit', '--quiet', '-m', 'links');
    expect(git(ws.root, 'ls-files', '--stage', 'teams/team-a/message.txt', 'pipelines/linked')).toMatch(/^120000 \S+ 0\tpipelines\/linked\n120000 \S+ 0\tteams\/team-a\/message\.txt\n$/);

    const leads = (file: string, target: string) => `${file} leads outside the workspace (through a symbolic link, to ${target}); only files inside the workspace are read`;
    ws.setRun('{project: pipe}', '[{name: custom_message, valueFrom: {file_path: teams/team-a/message.txt}}]');
    const value = await validate();
    expect(value.printed).toBe(`${AT_VALUE} ${leads('teams/team-a/message.txt', `${outside}/secret.txt`)}`);

    ws.setRun('{project: linked}', '[{name: custom_message, valueFrom: {project: linked, param: custom_message}}]');
    const project = await validate();
    expect(project.printed).toBe(
      [
        `${AT_SOURCE} ${leads('pipelines/linked/RENDERED_PIPELINE/workflow.yaml', `${outside}/pipe/RENDERED_PIPELINE/workflow.yaml`)}`,
        `${AT_VALUE} ${leads('pipelines/linked/RENDERED_PIPELINE/params/custom_message', `${outside}/pipe/RENDERED_PIPELINE/params/custom_message`)}`,
      ].join('\n'),
    );

    ws.setRun('{file_path: pipelines/linked/RENDERED_PIPELINE}');
    const path = await validate();
    expect(path.printed).toBe(`${AT_SOURCE} ${leads('pipelines/linked/RENDERED_PIPELINE/workflow.yaml', `${outside}/pipe/RENDERED_PIPELINE/workflow.yaml`)}`);

    for (const { result } of [value, project, path]) expect(JSON.stringify(result)).not.toContain('not-for-kfp-7c1f');
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

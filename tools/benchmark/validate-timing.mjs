#!/usr/bin/env node
// Times one offline validate of a team folder inside a fresh process (the
// validate executor, without Nx's task runner), so every measurement starts
// with nothing read or cached. Prints {"ms": ..., "success": ...}.
//
// Usage: node validate-timing.mjs <workspace-root> <team-folder>
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { repoRoot } from './measure.mjs';

const require = createRequire(import.meta.url);
const validateExecutor = require(join(repoRoot, 'packages/kfp/dist/executors/validate/executor.js')).default;

const [root, folder] = process.argv.slice(2);
// The projects Nx would infer: every generated pipeline, and the team.
const projects = { [basename(folder)]: { root: folder, targets: {} } };
for (const name of readdirSync(join(root, 'pipelines'))) {
  projects[name] = { root: `pipelines/${name}`, targets: { render: { executor: 'kfp:render' } } };
}
const context = { root, cwd: root, isVerbose: false, projectName: basename(folder), projectsConfigurations: { version: 2, projects } };

// The report lists every recurring run; it is not what is measured, and is shown only when validation fails.
const print = { log: console.log, error: console.error };
const report = [];
console.log = console.error = (...parts) => report.push(parts.join(' '));
const started = performance.now();
const { success } = await validateExecutor({}, context);
const ms = performance.now() - started;
Object.assign(console, print);
if (!success) console.error(report.join('\n'));
console.log(JSON.stringify({ ms, success }));

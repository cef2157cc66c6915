// The checks @nx/eslint-plugin's "nx-plugin-checks" rule makes, for this
// repository's plugin: executors.json, generators.json, migrations.json and
// package.json must point at files that exist, schemas must be version-2 JSON
// Schemas whose every option is described, and package.json must name the
// collections. (@nx/eslint-plugin is only published for Nx 23 here, and
// would pull a second Nx into the workspace.) The source of each built path
// (dist/x.js) is src/x.ts, which is what is checked, so the rule holds before
// a build.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const COLLECTIONS = { 'executors.json': 'executors', 'generators.json': 'generators', 'migrations.json': 'generators' };

/** dist/executors/run/executor.js -> src/executors/run/executor.ts; other paths as they are. */
function sourceOf(packageDir, path) {
  const [file] = path.split('#');
  const resolved = join(packageDir, file);
  const rel = relative(packageDir, resolved);
  if (!rel.startsWith(`dist/`)) return [resolved];
  const src = join(packageDir, 'src', rel.slice('dist/'.length));
  return [src.replace(/\.js$/, '.ts'), src.replace(/\.js$/, '.d.ts'), src, `${src}.ts`];
}

function exists(packageDir, path) {
  return sourceOf(packageDir, path).some((candidate) => existsSync(candidate));
}

/** Problems of one schema file (a path relative to the package). */
function schemaProblems(packageDir, path) {
  const [file] = sourceOf(packageDir, path).filter((candidate) => existsSync(candidate));
  if (!file) return [`schema ${path} does not exist`];
  let schema;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return [`schema ${path} is not valid JSON: ${error.message}`];
  }
  const problems = [];
  if (schema.version !== 2) problems.push(`schema ${path} must declare "version": 2`);
  if (typeof schema.description !== 'string' && typeof schema.title !== 'string') problems.push(`schema ${path} needs a title or description`);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (!property.description) problems.push(`schema ${path}: option "${name}" has no description (--help shows it)`);
  }
  return problems;
}

function collectionProblems(packageDir, fileName, data) {
  const problems = [];
  const key = COLLECTIONS[fileName];
  const entries = data[key] ?? {};
  if (typeof entries !== 'object' || Object.keys(entries).length === 0) return [`${fileName} declares no ${key}`];
  for (const [name, entry] of Object.entries(entries)) {
    const implementation = entry.implementation ?? entry.factory;
    if (!implementation) problems.push(`${name}: no implementation`);
    else if (!exists(packageDir, implementation)) problems.push(`${name}: implementation ${implementation} does not exist`);
    if (entry.batchImplementation && !exists(packageDir, entry.batchImplementation)) problems.push(`${name}: batchImplementation ${entry.batchImplementation} does not exist`);
    if (fileName === 'migrations.json') {
      if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(entry.version ?? '')) problems.push(`${name}: "version" must be the version the migration comes with (semver)`);
      if (!entry.description) problems.push(`${name}: no description`);
    } else {
      if (!entry.description) problems.push(`${name}: no description`);
      if (!entry.schema) problems.push(`${name}: no schema`);
      else problems.push(...schemaProblems(packageDir, entry.schema).map((p) => `${name}: ${p}`));
    }
  }
  return problems;
}

function packageProblems(packageDir, data) {
  const problems = [];
  for (const [field, file] of [['executors', 'executors.json'], ['generators', 'generators.json']]) {
    if (existsSync(join(packageDir, file)) && data[field] !== `./${file}`) problems.push(`"${field}" must be "./${file}"`);
  }
  const migrations = data['nx-migrations'];
  if (existsSync(join(packageDir, 'migrations.json'))) {
    const named = typeof migrations === 'string' ? migrations : migrations?.migrations;
    if (named !== './migrations.json') problems.push('"nx-migrations" must name ./migrations.json');
  }
  for (const file of ['executors.json', 'generators.json', 'migrations.json']) {
    if (existsSync(join(packageDir, file)) && !(data.files ?? []).includes(file)) problems.push(`"files" must include ${file}, or the published package lacks it`);
  }
  return problems;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'An Nx plugin package: executors, generators and migrations point at files that exist, with described schemas' },
    schema: [],
  },
  create(context) {
    const fileName = context.filename.split(/[\\/]/).pop();
    const packageDir = dirname(context.filename);
    return {
      Program(node) {
        let data;
        try {
          data = JSON.parse(context.sourceCode.text);
        } catch {
          return; // the JSON parser reports syntax errors
        }
        const problems = fileName === 'package.json' ? packageProblems(packageDir, data) : collectionProblems(packageDir, fileName, data);
        for (const message of problems) context.report({ node, message });
      },
    };
  },
};

export default { rules: { 'nx-plugin-checks': rule } };

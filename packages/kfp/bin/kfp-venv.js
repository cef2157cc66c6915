#!/usr/bin/env node
// Creates (or refreshes) the Python virtual environment the kfp plugin renders with.
// Idempotent and fast when nothing changed: a stamp file records the hash of the
// requirements file and the base interpreter's version.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');

const HELP = `Usage: kfp-venv [--venv <dir>] [--requirements <file>] [--python <interpreter>] [--force]

Creates a Python virtual environment with the pinned KFP SDK for the kfp Nx plugin.

Options:
  --venv <dir>            virtual environment folder (default: $KFP_VENV or .venv)
  --requirements <file>   pinned requirements file (default: requirements.txt)
  --python <interpreter>  base interpreter used to create the venv (default: $KFP_BASE_PYTHON or python3)
  --force                 recreate the environment even when the stamp says it is up to date
  --help                  show this help`;

function parseArgs(argv) {
  const opts = { venv: process.env.KFP_VENV || '.venv', requirements: 'requirements.txt', python: process.env.KFP_BASE_PYTHON || 'python3', force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') { console.log(HELP); process.exit(0); }
    else if (arg === '--venv') opts.venv = value();
    else if (arg === '--requirements') opts.requirements = value();
    else if (arg === '--python') opts.python = value();
    else if (arg === '--force') opts.force = true;
    else fail(`unknown option ${arg}\n\n${HELP}`);
  }
  return opts;
}

function fail(message) {
  console.error(`kfp-venv: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (result.error) fail(`could not start ${cmd}: ${result.error.message}`);
  if (result.status !== 0) fail(`${cmd} ${args.join(' ')} exited with code ${result.status}`);
}

function main() {
  try {
    require('../dist/node-version.js').assertSupportedNode();
  } catch (error) {
    fail(error.message);
  }
  const opts = parseArgs(process.argv.slice(2));
  const venv = resolve(opts.venv);
  const requirements = resolve(opts.requirements);
  if (!existsSync(requirements)) fail(`requirements file not found: ${requirements}`);

  const version = spawnSync(opts.python, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) fail(`base interpreter "${opts.python}" is not runnable; set --python or KFP_BASE_PYTHON`);
  const pythonVersion = (version.stdout || version.stderr).trim();

  const stampFile = join(venv, '.kfp-venv-stamp');
  const stamp = createHash('sha256').update(readFileSync(requirements)).update(pythonVersion).digest('hex');
  const venvPython = join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  if (!opts.force && existsSync(venvPython) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) {
    console.log(`kfp-venv: ${opts.venv} is up to date (${pythonVersion}, ${opts.requirements})`);
    return;
  }

  console.log(`kfp-venv: creating ${opts.venv} with ${pythonVersion}`);
  rmSync(venv, { recursive: true, force: true });
  run(opts.python, ['-m', 'venv', venv]);
  console.log(`kfp-venv: installing ${opts.requirements}`);
  run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', requirements]);
  writeFileSync(stampFile, stamp + '\n');
  console.log(`kfp-venv: ready, interpreter ${venvPython}`);
}

main();

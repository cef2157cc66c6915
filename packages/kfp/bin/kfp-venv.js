#!/usr/bin/env node
// Creates (or refreshes) the Python virtual environments the kfp plugin renders with: one per
// requirements file (the v1 SDK's, the v2 SDK's). Idempotent and fast when nothing changed: a stamp
// file in each environment records the hash of its requirements file and the base interpreter's version.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');

const HELP = `Usage: kfp-venv [--requirements <file>] [--venv <dir>] [--requirements <file> --venv <dir> ...]
                [--python <interpreter>] [--force]

Creates Python virtual environments with the pinned KFP SDKs for the kfp Nx plugin.

Options:
  --requirements <file>   pinned requirements file (default: requirements.txt)
  --venv <dir>            virtual environment folder (default: $KFP_VENV or .venv)
                          Give several --requirements/--venv pairs to set up several environments,
                          e.g. --requirements requirements.txt --venv .venv
                               --requirements requirements-v2.txt --venv .venv-v2
  --python <interpreter>  base interpreter used to create the venvs (default: $KFP_BASE_PYTHON or python3)
  --force                 recreate the environments even when their stamps say they are up to date
  --heartbeat <seconds>   while pip or venv print nothing for this long, say that they are still at
                          work and for how long (default 15)
  --help                  show this help`;

function fail(message) {
  console.error(`kfp-venv: ${message}`);
  process.exit(1);
}

/**
 * Environments in the order given. A --requirements or --venv fills the current environment; when
 * that one already has the option, it starts the next one. So both "--venv a --requirements r" and
 * "--requirements r1 --venv a --requirements r2 --venv b" read as intended.
 */
function parseArgs(argv) {
  const opts = { environments: [], python: process.env.KFP_BASE_PYTHON || 'python3', force: false, heartbeatSeconds: 15 };
  const set = (key, value) => {
    const current = opts.environments[opts.environments.length - 1];
    if (current && current[key] === undefined) current[key] = value;
    else opts.environments.push({ [key]: value });
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (arg === '--venv') set('venv', value());
    else if (arg === '--requirements') set('requirements', value());
    else if (arg === '--python') opts.python = value();
    else if (arg === '--force') opts.force = true;
    else if (arg === '--heartbeat') {
      const text = value();
      opts.heartbeatSeconds = Number(text);
      if (text.trim() === '' || !(opts.heartbeatSeconds > 0)) fail(`--heartbeat needs a positive number of seconds, got "${text}"`);
    } else fail(`unknown option ${arg}\n\n${HELP}`);
  }
  if (opts.environments.length === 0) opts.environments.push({});
  opts.environments.forEach((env, i) => {
    if (i === 0) {
      env.venv ??= process.env.KFP_VENV || '.venv';
      env.requirements ??= 'requirements.txt';
    } else if (env.venv === undefined || env.requirements === undefined) {
      fail(`each further environment needs both --requirements and --venv (environment ${i + 1} has only ${env.venv === undefined ? `--requirements ${env.requirements}` : `--venv ${env.venv}`})`);
    }
  });
  const folders = opts.environments.map((env) => resolve(env.venv));
  const twice = folders.find((folder, i) => folders.indexOf(folder) !== i);
  if (twice) fail(`two environments would share the folder ${twice}`);
  return opts;
}

const elapsed = (ms) => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

/**
 * Runs a command with its output shown line by line under a prefix; while it prints nothing for
 * `heartbeatSeconds`, a line says what is still running and for how long (pip is silent while it
 * builds or installs, and `python -m venv` while it bootstraps pip).
 */
function run(cmd, args, { label, prefix, heartbeatSeconds }) {
  return new Promise((resolveRun) => {
    const started = Date.now();
    let lastOutput = started;
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    const show = (stream, write) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        lastOutput = Date.now();
        pending += chunk;
        const lines = pending.split(/\r?\n/);
        pending = lines.pop();
        for (const line of lines) if (line.trim() !== '') write(`${prefix}${line}\n`);
      });
      stream.on('end', () => {
        if (pending.trim() !== '') write(`${prefix}${pending}\n`);
      });
    };
    show(child.stdout, (text) => process.stdout.write(text));
    show(child.stderr, (text) => process.stderr.write(text));
    const heartbeat = setInterval(() => {
      if (Date.now() - lastOutput < heartbeatSeconds * 1000) return;
      lastOutput = Date.now();
      console.log(`kfp-venv: ${label} still running (${elapsed(Date.now() - started)} so far)`);
    }, Math.min(1000, heartbeatSeconds * 1000));
    child.on('error', (error) => {
      clearInterval(heartbeat);
      fail(`could not start ${cmd}: ${error.message}`);
    });
    child.on('close', (code) => {
      clearInterval(heartbeat);
      if (code !== 0) fail(`${cmd} ${args.join(' ')} exited with code ${code}`);
      resolveRun(Date.now() - started);
    });
  });
}

async function setUp(env, opts, pythonVersion) {
  const venv = resolve(env.venv);
  const requirements = resolve(env.requirements);
  const stampFile = join(venv, '.kfp-venv-stamp');
  const stamp = createHash('sha256').update(readFileSync(requirements)).update(pythonVersion).digest('hex');
  const venvPython = join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  if (!opts.force && existsSync(venvPython) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) {
    console.log(`kfp-venv: ${env.venv} is up to date (${pythonVersion}, ${env.requirements})`);
    return;
  }

  const started = Date.now();
  console.log(`kfp-venv: creating ${env.venv} with ${pythonVersion}`);
  rmSync(venv, { recursive: true, force: true });
  const shared = { prefix: `  ${env.venv} | `, heartbeatSeconds: opts.heartbeatSeconds };
  await run(opts.python, ['-m', 'venv', venv], { ...shared, label: `creating ${env.venv}` });
  console.log(`kfp-venv: installing ${env.requirements} into ${env.venv}`);
  const pipArgs = ['-m', 'pip', 'install', '--progress-bar', 'off', '--disable-pip-version-check', '--no-input', '-r', requirements];
  await run(venvPython, pipArgs, { ...shared, label: `pip install -r ${env.requirements}` });
  writeFileSync(stampFile, stamp + '\n');
  console.log(`kfp-venv: ${env.venv} ready in ${elapsed(Date.now() - started)}, interpreter ${venvPython}`);
}

async function main() {
  try {
    require('../dist/node-version.js').assertSupportedNode();
  } catch (error) {
    fail(error.message);
  }
  const opts = parseArgs(process.argv.slice(2));
  for (const env of opts.environments) {
    if (!existsSync(resolve(env.requirements))) fail(`requirements file not found: ${resolve(env.requirements)}`);
  }
  const version = spawnSync(opts.python, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) fail(`base interpreter "${opts.python}" is not runnable; set --python or KFP_BASE_PYTHON`);
  const pythonVersion = (version.stdout || version.stderr).trim();
  for (const env of opts.environments) await setUp(env, opts, pythonVersion);
}

main().catch((error) => fail(error?.stack ?? String(error)));

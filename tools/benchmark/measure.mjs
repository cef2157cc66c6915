// Measuring helpers shared by the scale benchmarks: timed child processes (with
// the peak RSS of the process itself), medians, the printed table and the JSON report.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PEAK_RSS_PRELOAD = join(repoRoot, 'tools/benchmark/peak-rss.cjs');

/**
 * Runs a Node script and measures its wall time and its peak resident memory.
 * Asynchronous on purpose: the emulator a benchmark starts answers from this
 * process's event loop. `onSpawn` gets the start time (performance.now()).
 */
export async function timeNode(script, args, { cwd, env, onSpawn } = {}) {
  const rssDir = mkdtempSync(join(tmpdir(), 'kfp-bench-rss-'));
  const rssFile = join(rssDir, 'peak-rss');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', PEAK_RSS_PRELOAD, script, ...args], {
      cwd,
      env: { ...env, KFP_BENCH_PEAK_RSS_FILE: rssFile },
    });
    onSpawn?.(started);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const code = await new Promise((resolvePromise) => child.on('close', (c) => resolvePromise(c ?? 1)));
    const ms = performance.now() - started;
    let peakRssBytes;
    try {
      peakRssBytes = Number(readFileSync(rssFile, 'utf8'));
    } catch {
      peakRssBytes = undefined;
    }
    return { ms, code, stdout, stderr, peakRssBytes };
  } finally {
    rmSync(rssDir, { recursive: true, force: true });
  }
}

/** Fails the benchmark with the process's output when it did not exit as expected. */
export function expectExit(result, what, codes = [0]) {
  if (!codes.includes(result.code)) throw new Error(`${what} exited with ${result.code}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  return result;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `measure` `repeat` times, one after another, and returns the median of each numeric field. */
export async function medianOf(repeat, measure) {
  const samples = [];
  for (let i = 0; i < repeat; i++) samples.push(await measure(i));
  return medianFields(samples);
}

/** The median of each numeric field of the samples (other fields: the last sample's). */
export function medianFields(samples) {
  const result = {};
  for (const key of Object.keys(samples[0])) {
    result[key] = typeof samples[0][key] === 'number' ? median(samples.map((s) => s[key])) : samples.at(-1)[key];
  }
  return result;
}

export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
export const megabytes = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
export const ratio = (value) => `${value.toFixed(2)}x`;

/** A Markdown table (as the README records it). */
export function markdownTable(header, rows) {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Writes the machine-readable report (default under tmp/), creating its folder. */
export function writeReport(path, report) {
  const file = resolve(repoRoot, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** The environment Nx runs in for a benchmark workspace: no daemon, cloud or TUI, caches inside the workspace. */
export function nxEnvironment(root, extra = {}) {
  return {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_INTERACTIVE: 'false',
    NX_CACHE_DIRECTORY: join(root, '.nx/cache'),
    NX_WORKSPACE_DATA_DIRECTORY: join(root, '.nx/workspace-data'),
    CI: 'true',
    FORCE_COLOR: '0',
    ...extra,
  };
}

export const NX_BIN = join(repoRoot, 'node_modules/nx/dist/bin/nx.js');
export const KFP_RECONCILE_BIN = join(repoRoot, 'packages/kfp/bin/kfp-reconcile.js');

// The plugin's entries in nx.json and the files each one sees, read without Nx
// (kfp-reconcile finds projects with them; the generators share the matching).

import { Minimatch } from 'minimatch';
import { isRecord } from '../utils/is-record';

/** The name the plugin is registered under in nx.json (its package name). */
export const PLUGIN_NAME = 'kfp';

/** A kfp entry of nx.json's `plugins`, expanded: a plain string has no options and sees every file. */
export interface KfpPluginEntry {
  plugin: string;
  options?: unknown;
  include?: string[];
  exclude?: string[];
}

/** The kfp entries of nx.json's `plugins` list, in order. */
export function kfpEntriesOf(plugins: unknown): KfpPluginEntry[] {
  if (!Array.isArray(plugins)) return [];
  return plugins
    .map((entry: unknown) => (typeof entry === 'string' ? { plugin: entry } : entry))
    .filter((entry): entry is KfpPluginEntry => isRecord(entry) && entry.plugin === PLUGIN_NAME);
}

/** Whether an entry sees a file: its include globs (every file when none) less its exclude globs. */
export function entryFilter(entry: Pick<KfpPluginEntry, 'include' | 'exclude'>): (file: string) => boolean {
  const included = globsMatcher(entry.include, true);
  const excluded = globsMatcher(entry.exclude, false);
  return (file) => included(file) && !excluded(file);
}

/**
 * Globs matched as Nx matches a plugin's include and exclude (minimatch, dot
 * files too): any one matching; with negations, in order, each match
 * overriding the one before, a leading negation starting from "matched".
 */
function globsMatcher(patterns: readonly string[] | undefined, whenNone: boolean): (file: string) => boolean {
  if (!patterns || patterns.length === 0) return () => whenNone;
  const globs = patterns.map((p) => ({ negated: p.startsWith('!'), glob: new Minimatch(p.startsWith('!') ? p.slice(1) : p, { dot: true }) }));
  if (!globs.some((g) => g.negated)) return (file) => globs.some((g) => g.glob.match(file));
  return (file) => globs.reduce((matched, g) => (g.glob.match(file) ? !g.negated : matched), globs[0].negated);
}

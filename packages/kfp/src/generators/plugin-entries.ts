import { readNxJson, type ExpandedPluginConfiguration, type Tree } from '@nx/devkit';
import { Minimatch } from 'minimatch';
import { normalizePluginOptions, type NormalizedPluginOptions } from '../plugin/options';

/** The name the plugin is registered under in nx.json (its package name). */
export const PLUGIN_NAME = 'kfp';

/** The kfp entries of nx.json's `plugins`, in the expanded form (a plain string has no options and sees every file). */
export function kfpPluginEntries(tree: Tree): ExpandedPluginConfiguration[] {
  return (readNxJson(tree)?.plugins ?? [])
    .map((entry) => (typeof entry === 'string' ? { plugin: entry } : entry))
    .filter((entry) => entry.plugin === PLUGIN_NAME);
}

/** Whether an entry sees a file, by its include and exclude globs (matched as Nx matches them). */
export function entrySees(entry: ExpandedPluginConfiguration, file: string): boolean {
  const matches = (pattern: string) => new Minimatch(pattern, { dot: true }).match(file);
  return (entry.include === undefined || entry.include.length === 0 || entry.include.some(matches)) && !(entry.exclude ?? []).some(matches);
}

/** The first entry that infers a project from this marker file; its options are the ones the project's targets get. */
export function entryFor(tree: Tree, markerFile: string): ExpandedPluginConfiguration | undefined {
  return kfpPluginEntries(tree).find((entry) => entrySees(entry, markerFile));
}

/** The normalised options of the entry that sees the marker file (defaults when none does). */
export function pluginOptionsFor(tree: Tree, markerFile: string): NormalizedPluginOptions {
  return normalizePluginOptions(entryFor(tree, markerFile)?.options);
}

/** The include and exclude globs of every kfp entry, for messages. */
export function describeEntryGlobs(tree: Tree): string {
  return kfpPluginEntries(tree)
    .map((entry) => {
      const include = entry.include?.length ? `include ${entry.include.join(', ')}` : 'every folder';
      return entry.exclude?.length ? `${include}, exclude ${entry.exclude.join(', ')}` : include;
    })
    .join('; ');
}

import { readNxJson, type ExpandedPluginConfiguration, type Tree } from '@nx/devkit';
import { entryFilter, kfpEntriesOf, PLUGIN_NAME } from '../plugin/nx-json-entries';
import { normalizePluginOptions, type NormalizedPluginOptions } from '../plugin/options';

export { PLUGIN_NAME };

/** The kfp entries of nx.json's `plugins`, in the expanded form (a plain string has no options and sees every file). */
export function kfpPluginEntries(tree: Tree): ExpandedPluginConfiguration[] {
  return kfpEntriesOf(readNxJson(tree)?.plugins);
}

/** Whether an entry sees a file, by its include and exclude globs (matched as Nx matches them). */
export function entrySees(entry: ExpandedPluginConfiguration, file: string): boolean {
  return entryFilter(entry)(file);
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

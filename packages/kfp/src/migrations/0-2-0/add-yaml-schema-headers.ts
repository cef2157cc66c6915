import { formatFiles, globAsync, joinPathFragments, type Tree } from '@nx/devkit';
import { kfpPluginEntries, entrySees } from '../../generators/plugin-entries';
import { JSON_SCHEMA_FILES, PUBLISHED_SCHEMA_DIR, yamlLanguageServerHeader } from '../../json-schemas/json-schemas';
import { KFP_PROJECT_GLOB, projectMarkers } from '../../plugin/create-nodes';

/** Each team file and the JSON Schema the plugin publishes for it. */
const SCHEMA_OF: Record<string, string> = {
  'experiments.yaml': JSON_SCHEMA_FILES.experiments,
  'recurring_runs.yaml': JSON_SCHEMA_FILES.recurringRuns,
  'kfp-team.yaml': JSON_SCHEMA_FILES.teamSettings,
};

/**
 * 0.2.0: team files written by hand or before the team generator added the
 * `yaml-language-server` line get it, so editors complete and check their keys.
 * A file that already names a schema is left as it is. Team folders are found
 * as the plugin finds them (its marker files, seen by a kfp entry of nx.json),
 * from the tree: a migration runs without a project graph.
 */
export default async function addYamlSchemaHeaders(tree: Tree): Promise<void> {
  const entries = kfpPluginEntries(tree);
  const seen = (await globAsync(tree, [KFP_PROJECT_GLOB])).filter((file) => entries.some((entry) => entrySees(entry, file)));
  for (const [folder, marker] of projectMarkers(seen)) {
    if (marker.kind !== 'team') continue;
    for (const [name, schema] of Object.entries(SCHEMA_OF)) {
      const file = joinPathFragments(folder, name);
      const text = tree.read(file, 'utf8');
      if (text === null || /^#\s*yaml-language-server:/m.test(text)) continue;
      tree.write(file, `${yamlLanguageServerHeader(joinPathFragments(PUBLISHED_SCHEMA_DIR, schema), file)}\n${text}`);
    }
  }
  await formatFiles(tree);
}

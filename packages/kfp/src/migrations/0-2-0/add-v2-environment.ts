import { formatFiles, type Tree } from '@nx/devkit';
import { addPythonEnvironments } from '../../generators/init/python-environments';
import { kfpPluginEntries } from '../../generators/plugin-entries';

/**
 * 0.2.0: v2 pipelines (`sdk: v2`) render with a Python environment of their
 * own. A workspace set up before gets what init now writes: the pinned v2
 * requirements, a `setup:kfp` that creates .venv-v2 beside .venv (when it is
 * the script init wrote), and .venv-v2/ in .gitignore. Nothing happens where
 * the plugin is not registered.
 */
export default async function addV2Environment(tree: Tree): Promise<void> {
  if (kfpPluginEntries(tree).length === 0) return;
  addPythonEnvironments(tree);
  await formatFiles(tree);
}

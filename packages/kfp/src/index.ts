import { assertSupportedNode } from './node-version';
import { createDependencies } from './plugin/create-dependencies';
import { createNodes } from './plugin/create-nodes';

// Nx loads this module for every graph; refuse an unsupported Node.js here, once, with one sentence.
assertSupportedNode();

export const name = 'kfp';
export { createDependencies, createNodes };
export type { PluginOptions } from './plugin/options';

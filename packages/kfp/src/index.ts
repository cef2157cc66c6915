import { createDependencies } from './plugin/create-dependencies';
import { createNodes } from './plugin/create-nodes';

export const name = 'kfp';
export { createDependencies, createNodes };
export type { PluginOptions } from './plugin/options';

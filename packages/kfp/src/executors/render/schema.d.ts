import type { RenderProjectOptions } from '../../render/render-project';

/** Options of the render executor; schema.json describes each one. */
export interface RenderExecutorOptions extends RenderProjectOptions {
  output?: 'text' | 'json';
}

/** Options of the render executor (see schema.json for their descriptions). */
export interface RenderExecutorOptions {
  check?: boolean;
  variant?: string;
  script?: string;
  args?: string[];
  variants?: Record<string, { args?: string[] } | null>;
  python?: string;
  pythonPaths?: string[];
  timeout?: number;
  output?: 'text' | 'json';
}

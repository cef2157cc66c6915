/** Options of the validate executor (see schema.json for their descriptions). */
export interface ValidateExecutorOptions {
  folder?: string;
  output?: 'text' | 'json';
  strict?: boolean;
}

/** Options of the validate executor; schema.json describes each one. */
export interface ValidateExecutorOptions {
  folder?: string;
  output?: 'text' | 'json';
  strict?: boolean;
}

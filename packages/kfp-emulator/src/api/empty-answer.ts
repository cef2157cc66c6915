/** Runs an operation whose answer is google.protobuf.Empty, in either API: `{}`. */
export function emptyAnswer(operation: () => void): Record<string, never> {
  operation();
  return {};
}

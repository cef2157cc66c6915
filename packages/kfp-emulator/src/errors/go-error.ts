/**
 * A plain Go error (github.com/pkg/errors, not KFP's util.UserError) as fmt's "%+v" prints it:
 * each layer's message, followed by the stack where that layer was made. The real stacks run down to
 * runtime.goexit; these keep the frames a reader looks for (where the error was made or wrapped).
 */
export interface GoErrorLayer {
  message: string;
  /** Frames of the call that made this layer, innermost first; none for a standard-library error. */
  stack?: GoFrame[];
}

export interface GoFrame {
  func: string;
  /** Path below backend/src in the kubeflow/pipelines repository, and line. */
  file: string;
  line: number;
}

const SOURCE_ROOT = '/go/src/github.com/kubeflow/pipelines/backend/src';

/** The layers innermost first, as "%+v" of the outermost wrapper prints them. */
export function formatGoError(layers: readonly GoErrorLayer[]): string {
  return layers
    .map((layer) => [layer.message, ...(layer.stack ?? []).map((f) => `${f.func}\n\t${SOURCE_ROOT}/${f.file}:${f.line}`)].join('\n'))
    .join('\n');
}

/** What err.Error() prints: the messages outermost first, joined by ": ". */
export function goErrorMessage(layers: readonly GoErrorLayer[]): string {
  return layers
    .map((layer) => layer.message)
    .reverse()
    .join(': ');
}

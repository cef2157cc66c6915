import type { ProjectRenderReport } from './render-project';

export interface RenderReportFormat {
  output?: 'text' | 'json';
  /** The command that re-renders the project, e.g. `nx run churn:render`, for hints. */
  renderCommand: string;
}

/** What the render executor prints for a project: a line per rendered folder and what differs, or one JSON object. */
export function formatRenderReport(report: ProjectRenderReport, format: RenderReportFormat): string {
  if (format.output === 'json') {
    const results = report.results.map(({ variant, folder, status, digest, error }) => ({ variant, folder, status, digest, error }));
    return JSON.stringify({ project: report.project, check: report.check, success: report.success, results });
  }
  if (report.error) return `✖ ${report.error}`;
  const rerun = `${format.renderCommand}${report.variant ? ` --variant ${report.variant}` : ''}`;
  const lines: string[] = [];
  for (const result of report.results) {
    const digest = result.digest?.slice(0, 'sha256:'.length + 12);
    switch (result.status) {
      case 'unchanged': {
        const note = result.digestRecorded ? '' : report.check ? ' (no digest recorded yet; a render adds it)' : ' (digest recorded)';
        lines.push(`✔ ${result.label}: ${result.folder} is up to date ${digest}${note}`);
        break;
      }
      case 'written':
        lines.push(`✎ ${result.label}: ${result.hadCommitted ? 'updated' : 'created'} ${result.folder} ${digest}`);
        if (result.diff) lines.push(result.diff);
        break;
      case 'stale':
        lines.push(`✖ ${result.label}: ${result.folder} is ${result.hadCommitted ? 'stale' : 'missing'}: run "${rerun}" and commit the result.`);
        if (result.diff) lines.push(result.diff);
        break;
      case 'failed': {
        const message = result.error ?? 'failed';
        lines.push(`✖ ${message.startsWith(result.label) ? message : `${result.label}: ${message}`}`);
        break;
      }
    }
  }
  return lines.join('\n');
}

import type { ExperimentChange, FieldDifference, ReconcilePlan, RecurringRunChange, Step, UnmanagedChange } from './model';

/** Links into the KFP UI and where the plan applies (absent when printed without a client). */
export interface PlanLinks {
  job?: (id: string) => string;
  experiment?: (id: string) => string;
  host?: string;
}

const SYMBOL: Record<RecurringRunChange['action'] | ExperimentChange['action'], string> = {
  create: '+',
  update: '~',
  enable: '>',
  disable: '||',
  cleanup: '!',
  unarchive: '>',
  none: '=',
};

/** The plan as a terminal shows it, like `terraform plan`. */
export function formatPlanText(plan: ReconcilePlan, links: PlanLinks = {}): string {
  const where = links.host ? ` at ${links.host}` : '';
  const lines: string[] = [`Plan for namespace ${plan.namespace ?? '(single-user)'}${where}`, ...lockLines(plan), '', 'Experiments:'];
  // Names padded to one column, so the actions line up.
  const width = Math.max(0, ...[...plan.experiments, ...plan.recurringRuns, ...plan.unmanaged].map((c) => c.name.length));
  const name = (n: string) => n.padEnd(width);
  if (plan.experiments.length === 0) lines.push('  (none declared)');
  for (const e of plan.experiments) {
    const link = e.id && links.experiment ? `  ${links.experiment(e.id)}` : '';
    lines.push(`  ${SYMBOL[e.action].padEnd(2)} ${name(e.name)}  ${e.action === 'none' ? 'no change' : e.action}${link}`);
    for (const warning of e.warnings) lines.push(`       warning: ${warning}`);
  }
  lines.push('', 'Recurring runs:');
  if (plan.recurringRuns.length === 0) lines.push('  (none declared)');
  for (const r of plan.recurringRuns) {
    lines.push(`  ${SYMBOL[r.action].padEnd(2)} ${name(r.name)}  ${describeRun(r)}`);
    if (r.current && links.job) lines.push(`       current: ${r.current.name} (${r.current.enabled ? 'enabled' : 'disabled'})  ${links.job(r.current.id)}`);
    for (const d of r.differences) lines.push(`       ${d.field}: ${describeDifference(d, ' -> ')}`);
    for (const note of r.drift) lines.push(`       drift: ${note}`);
    if (r.nextRuns) lines.push(`       next runs: ${formatTimes(r.nextRuns)}`);
    for (const step of r.steps) lines.push(`       ${describeStep(step)}`);
  }
  if (plan.unmanaged.length > 0) {
    lines.push('', 'No longer declared (versions named GIT::<name>__... whose name is not in recurring_runs.yaml):');
    for (const u of plan.unmanaged) {
      const enabled = u.versions.filter((v) => v.enabled).length;
      lines.push(`  ?  ${name(u.name)}  ${u.versions.length} version${u.versions.length === 1 ? '' : 's'}, ${enabled} enabled  ${describeUnmanaged(u)}`);
      for (const step of u.steps) lines.push(`       ${describeStep(step)}`);
    }
  }
  if (plan.otherJobs > 0) lines.push('', `${plan.otherJobs} other job${plan.otherJobs === 1 ? '' : 's'} in the namespace (not made by git, e.g. MANUAL:: runs) are never touched.`);
  lines.push('', summaryLine(plan));
  const requests = requestsLine(plan);
  if (requests) lines.push(requests);
  return lines.join('\n');
}

/** The plan for a pull-request comment or a GitHub job summary. */
export function formatPlanMarkdown(plan: ReconcilePlan, links: PlanLinks = {}): string {
  const rows: string[] = ['| | kind | name | change |', '|---|---|---|---|'];
  for (const e of plan.experiments) rows.push(`| ${SYMBOL[e.action]} | experiment | ${md(e.name)} | ${e.action === 'none' ? 'no change' : e.action}${e.warnings.length ? ' (warning)' : ''} |`);
  for (const r of plan.recurringRuns) {
    const name = r.current && links.job ? `[${md(r.name)}](${links.job(r.current.id)})` : md(r.name);
    rows.push(`| ${SYMBOL[r.action]} | recurring run | ${name} | ${md(describeRun(r))} |`);
  }
  for (const u of plan.unmanaged) rows.push(`| ? | no longer declared | ${md(u.name)} | ${md(describeUnmanaged(u))} |`);
  const details: string[] = [];
  for (const r of plan.recurringRuns.filter((c) => c.steps.length > 0 || c.differences.length > 0)) {
    details.push(`**${md(r.name)}** (${md(r.source)})`, '');
    for (const d of r.differences) details.push(`- \`${d.field}\`: ${md(describeDifference(d, ' → '))}`);
    for (const note of r.drift) details.push(`- drift: ${md(note)}`);
    if (r.nextRuns) details.push(`- next runs: ${formatTimes(r.nextRuns)}`);
    for (const step of r.steps) details.push(`- ${md(describeStep(step))}`);
    details.push('');
  }
  for (const e of plan.experiments.filter((c) => c.warnings.length > 0)) for (const w of e.warnings) details.push(`- experiment **${md(e.name)}**: ${md(w)}`);
  return [
    `### KFP plan for namespace \`${plan.namespace ?? 'single-user'}\``,
    '',
    ...lockLines(plan).map((line) => `> ${md(line)}\n`),
    `**${summaryLine(plan)}**${requestsLine(plan) ? ` ${requestsLine(plan)}` : ''}`,
    '',
    ...rows,
    ...(details.length > 0 ? ['', '<details><summary>Details</summary>', '', ...details, '</details>'] : []),
    '',
  ].join('\n');
}

/** The plan as stable JSON for CI (the plan model itself, without the workflows). */
export function formatPlanJson(plan: ReconcilePlan): string {
  return JSON.stringify(plan, (key, value: unknown) => (key === 'workflow' ? '(omitted)' : value));
}

/** After a successful apply. */
export function appliedLine(plan: ReconcilePlan): string {
  const { add, change, delete: del } = plan.summary;
  return `Applied: ${add} added, ${change} changed, ${del} deleted.`;
}

export function summaryLine(plan: ReconcilePlan): string {
  const { add, change, delete: del, unchanged } = plan.summary;
  if (!plan.hasChanges) return `No changes: the namespace matches git (${unchanged} unchanged).`;
  return `Plan: ${add} to add, ${change} to change, ${del} to delete, ${unchanged} unchanged.`;
}

/** How many API requests applying makes, when it changes anything (a plan saved by an older version does not say). */
function requestsLine(plan: ReconcilePlan): string | undefined {
  if (!plan.hasChanges || plan.applyRequests === undefined) return undefined;
  const steps = [...plan.experiments, ...plan.recurringRuns, ...plan.unmanaged].reduce((n, c) => n + c.steps.length, 0);
  return `Applying it makes ${plan.applyRequests} API requests: ${steps} for the steps, ${plan.applyRequests - steps} to lock the namespace and read it before and after.`;
}

/** `2026-12-01 06:30:00 UTC, ...`, or a word when the schedule never fires again. */
function formatTimes(times: string[]): string {
  return times.length === 0 ? 'none (the schedule never fires again)' : `${times.map((t) => t.replace('T', ' ').replace('Z', '')).join(', ')} UTC`;
}

function lockLines(plan: ReconcilePlan): string[] {
  if (!plan.lock) return [];
  const { holder, since, until, id } = plan.lock;
  return [`Locked: a reconcile by ${holder} holds the namespace${since ? ` since ${since}` : ''}${until ? ` (lock ${id}, expires ${until})` : ''}; this plan may be out of date when it finishes.`];
}

/** `"0 0 1 * * *" -> "0 0 2 * * *"`; for the workflow, how many paths differ and the first ones. */
function describeDifference(d: FieldDifference, arrow: string): string {
  if ('paths' in d) return `${d.count} difference${d.count === 1 ? '' : 's'}${arrow}${d.paths.join('; ')}${d.count > d.paths.length ? `; ... ${d.count - d.paths.length} more` : ''}`;
  return `${show(d.actual)}${arrow}${show(d.desired)}`;
}

function show(value: unknown): string {
  return value === null || value === undefined ? '~' : JSON.stringify(value);
}

function describeRun(r: RecurringRunChange): string {
  switch (r.action) {
    case 'create':
      return `create ${r.newVersion} (${r.enabled ? 'enabled' : 'disabled'})`;
    case 'update':
      return `new version ${r.newVersion} replaces ${r.current?.name} (${r.differences.map((d) => d.field).join(', ')} changed)`;
    case 'enable':
      return `enable ${r.current?.name}`;
    case 'disable':
      return `disable ${r.current?.name}`;
    case 'cleanup':
      return `clean up versions (${r.steps.length} step${r.steps.length === 1 ? '' : 's'})`;
    case 'none':
      return `no change (${r.current?.name}, ${r.current?.enabled ? 'enabled' : 'disabled'})`;
  }
}

function describeUnmanaged(u: UnmanagedChange): string {
  if (u.action === 'delete') return 'delete every version (--prune-delete)';
  if (u.action === 'disable') return 'disable (--prune)';
  return 'left alone (use --prune to disable, --prune-delete to delete)';
}

export function describeStep(step: Step): string {
  switch (step.op) {
    case 'createExperiment':
      return `+ create experiment ${step.experiment}`;
    case 'unarchiveExperiment':
      return `> unarchive experiment ${step.experiment}`;
    case 'createJob':
      return `+ create ${step.version} (disabled)`;
    case 'enableJob':
      return `> enable ${step.version}`;
    case 'disableJob':
      return `|| disable ${step.version} (${step.reason})`;
    case 'deleteJob':
      return `- delete ${step.version} (${step.reason})`;
  }
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

import { appendStepSummary } from '../ci/actions-run';
import { formatProblems, type ConfigProblem } from '../config-file/problems';
import type { ApplyResult, StepEvent } from './apply';
import { appliedLine, describeStep, formatPlanJson, formatPlanMarkdown, formatPlanText, type PlanLinks } from './format-plan';
import type { ReconcilePlan } from './model';

export type ReconcileOutput = 'text' | 'json' | 'markdown';

/** What reconcile tells its reader, in the one output format chosen for the run. */
export interface ReconcileReporter {
  /** Warnings found while validating the team folder. */
  warnings(problems: readonly ConfigProblem[]): void;
  /** A plan that is not applied: a dry run, or nothing to do. */
  plan(plan: ReconcilePlan, links: PlanLinks): Promise<void>;
  /** A plan about to be applied (already shown when a person confirmed it). */
  applying(plan: ReconcilePlan, links: PlanLinks, shown: { planShown: boolean }): void;
  step(event: StepEvent): void;
  /** After applying; `violations` are the invariants that no longer hold in the namespace. */
  applied(plan: ReconcilePlan, links: PlanLinks, result: ApplyResult, violations: readonly string[]): Promise<void>;
}

export interface ReporterContext {
  print: (text: string) => void;
  /** GITHUB_STEP_SUMMARY receives the markdown plan. */
  env: NodeJS.ProcessEnv;
}

export function createReporter(output: ReconcileOutput | undefined, context: ReporterContext): ReconcileReporter {
  switch (output ?? 'text') {
    case 'json':
      return jsonReporter(context);
    case 'markdown':
      return markdownReporter(context);
    default:
      return textReporter(context);
  }
}

function textReporter({ print }: ReporterContext): ReconcileReporter {
  return {
    warnings: (problems) => print(formatProblems(problems)),
    plan: async (plan, links) => print(formatPlanText(plan, links)),
    applying: (plan, links, { planShown }) => print(planShown ? '\nApplying...' : `${formatPlanText(plan, links)}\n\nApplying...`),
    step: (event) => print(`  ${event.status === 'done' ? '✔' : '✖'} ${event.target}: ${describeStep(event.step)}${event.error ? `\n      ${event.error}` : ''}`),
    applied: async (plan, _links, result, violations) => {
      const failed = result.events.filter((e) => e.status === 'failed').length;
      print(
        result.ok
          ? `\n✔ ${appliedLine(plan)}`
          : `\n✖ ${failed} step(s) failed; the rest was applied. Run reconcile again once the cause is fixed: it continues from the current state.`,
      );
      if (violations.length > 0) print(violationsText(violations));
    },
  };
}

/** One JSON document on stdout, whatever happens: the plan, or the plan and what was applied. */
function jsonReporter({ print }: ReporterContext): ReconcileReporter {
  return {
    warnings: () => undefined,
    plan: async (plan) => print(formatPlanJson(plan)),
    applying: () => undefined,
    step: () => undefined,
    applied: async (plan, _links, result, violations) => {
      const applied = result.events.map((e) => ({ target: e.target, op: e.step.op, version: 'version' in e.step ? e.step.version : undefined, status: e.status, id: e.id, error: e.error }));
      print(JSON.stringify({ ok: result.ok && violations.length === 0, plan: JSON.parse(formatPlanJson(plan)), applied, violations }));
    },
  };
}

/** The plan (and outcome) as markdown, also appended to the GitHub job summary. */
function markdownReporter({ print, env }: ReporterContext): ReconcileReporter {
  const publish = async (markdown: string) => {
    print(markdown);
    await appendStepSummary(markdown, env);
  };
  return {
    warnings: (problems) => print(formatProblems(problems)),
    plan: (plan, links) => publish(formatPlanMarkdown(plan, links)),
    applying: () => undefined,
    step: () => undefined,
    applied: (plan, links, result, violations) => {
      const failed = result.events.filter((e) => e.status === 'failed');
      const outcome = result.ok ? '**Applied.**' : `**Failed:** ${failed.map((f) => `${f.target}: ${describeStep(f.step)}: ${f.error}`).join('; ')}`;
      const broken = violations.length > 0 ? `\n**${violationsText(violations)}**\n` : '';
      return publish(`${formatPlanMarkdown(plan, links)}\n${outcome}\n${broken}`);
    },
  };
}

function violationsText(violations: readonly string[]): string {
  return `✖ After applying, the namespace is not in a safe state (was it changed by someone else at the same time?): ${violations.join('; ')}. Run reconcile again to repair it.`;
}

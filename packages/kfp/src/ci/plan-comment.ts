// The reconcile plan of a pull request as one comment that each run of the
// workflow edits in place (a "sticky" comment), found again by a hidden marker.
// Reviewers see the plan of the latest commit only, never a trail of stale ones.

import type { GithubRest } from '../github/rest';

/** GitHub refuses comment bodies longer than this. */
export const COMMENT_LIMIT = 65_536;

/** How the plan step ended (`steps.<id>.outcome` in a workflow). */
export type PlanOutcome = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface PlanCommentInput {
  /** Which plan this is (e.g. the environment): each key has its own comment. */
  key: string;
  /** The plan markdown of every affected team ('' when no team is affected). */
  plan: string;
  outcome: PlanOutcome;
  /** The commit that was planned. */
  commit?: string;
  runUrl?: string;
}

export function planMarker(key: string): string {
  return `<!-- kfp-plan:${key.replace(/[^A-Za-z0-9._-]/g, '-')} -->`;
}

/** The comment; a plan that would make it longer than `limit` is cut, pointing to the job summary. */
export function planCommentBody(input: PlanCommentInput, limit = COMMENT_LIMIT): string {
  const log = input.runUrl ? `[the job log](${input.runUrl})` : 'the job log';
  const heading = input.key === 'default' ? '## KFP plan' : `## KFP plan for environment \`${input.key}\``;
  const status: Record<PlanOutcome, string | undefined> = {
    success: undefined,
    failure: `> **The plan failed** for at least one team, so what follows may be incomplete: see ${log}.`,
    cancelled: `> **The plan was cancelled**, so what follows may be incomplete: see ${log}.`,
    skipped: `> **No plan**: an earlier check (render check or validate) failed; see ${log}.`,
  };
  const plan = input.plan.trim() || (input.outcome === 'success' ? 'No team is affected by this change: nothing to plan.' : '');
  const footer = `<sub>${[input.commit ? `Planned at ${input.commit.slice(0, 12)}` : undefined, input.runUrl ? `[workflow run](${input.runUrl})` : undefined].filter(Boolean).join(' · ')}</sub>`;
  const parts = (body: string) => [planMarker(input.key), heading, status[input.outcome], body, footer].filter((p) => p !== undefined && p !== '').join('\n\n');

  const whole = parts(plan);
  if (whole.length <= limit) return whole;
  const note = `\n\n… the plan is too long for a comment; the whole plan is in the job summary of ${input.runUrl ? `[the workflow run](${input.runUrl})` : 'the workflow run'}.`;
  const room = limit - parts(note).length;
  return parts(`${plan.slice(0, Math.max(0, room))}${note}`);
}

interface IssueComment {
  id: number;
  body?: string;
  html_url: string;
}

/** Edits the comment that starts with `marker`, or creates it; every other comment is left alone. */
export async function upsertComment(api: GithubRest, repository: string, issue: number, marker: string, body: string): Promise<{ action: 'created' | 'updated'; url: string }> {
  for (let page = 1; ; page++) {
    const comments = await api.get<IssueComment[]>(`/repos/${repository}/issues/${issue}/comments?per_page=100&page=${page}`);
    const mine = comments.find((c) => c.body?.startsWith(marker));
    if (mine) {
      const updated = await api.patch<IssueComment>(`/repos/${repository}/issues/comments/${mine.id}`, { body });
      return { action: 'updated', url: updated.html_url };
    }
    if (comments.length < 100) break;
  }
  const created = await api.post<IssueComment>(`/repos/${repository}/issues/${issue}/comments`, { body });
  return { action: 'created', url: created.html_url };
}

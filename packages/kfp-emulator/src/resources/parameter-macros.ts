/** What the server knows when it submits a workflow, for the parameter macros. */
export interface MacroValues {
  runId: string;
  nowSec: number;
  /** Only for workflows of a recurring run. */
  scheduledSec?: number;
  index?: number;
}

const MACRO = /\[\[(.*?)\]\]|\{\{\$\.(.*?)\}\}/g;

/**
 * ParameterFormatter.Format (backend/src/common/util/parameter_formatter.go at 2.1.0): [[RunUUID]],
 * [[ScheduledTime]], [[CurrentTime]] (UTC, "20060102150405") and [[Index]] in parameter values.
 * Custom time layouts ([[ScheduledTime.<layout>]], {{$.scheduledTime.strftime(...)}}) are left as they are.
 */
export function formatParameter(value: string, macros: MacroValues): string {
  return value.replace(MACRO, (match) => substitute(match, macros));
}

function substitute(match: string, m: MacroValues): string {
  if (match.startsWith('[[RunUUID]]')) return m.runId;
  if (m.scheduledSec !== undefined && match.startsWith('[[ScheduledTime]]')) return compactUtc(m.scheduledSec);
  if (match.startsWith('[[CurrentTime]]')) return compactUtc(m.nowSec);
  if (m.index !== undefined && match.startsWith('[[Index]]')) return String(m.index);
  return match;
}

/** Go's "20060102150405" layout in UTC. */
function compactUtc(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

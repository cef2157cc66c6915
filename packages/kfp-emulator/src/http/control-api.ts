import { advanceProblem } from '../clock/clock';
import type { Emulator } from '../emulator';
import { jsonReply, type Reply } from './reply';

const ENDPOINTS =
  'GET/DELETE /_emulator/requests, POST/DELETE /_emulator/faults, POST /_emulator/reset, GET /_emulator/state, POST /_emulator/advance?ms=N, POST /_emulator/run-outcome';

/** A call the control API refuses; nothing has changed. */
class ControlError extends Error {}

/**
 * Test hooks under /_emulator (a path the real server does not use). Not recorded in the
 * request log, no auth, no injected faults or latency. Every input is checked before anything
 * changes; a bad one is a 400 with `{error}` saying what is wrong.
 */
export function handleControl(emulator: Emulator, method: string, path: string, query: URLSearchParams, body: string): Reply {
  try {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /_emulator/requests':
        return jsonReply(200, emulator.requests());
      case 'DELETE /_emulator/requests':
        emulator.clearRequests();
        return jsonReply(200, {});
      case 'POST /_emulator/faults':
        emulator.faults.inject(jsonBody(body, 'fault rules (a JSON array of FaultRule)') as never);
        return jsonReply(200, {});
      case 'DELETE /_emulator/faults':
        emulator.faults.clear();
        return jsonReply(200, {});
      case 'POST /_emulator/reset':
        emulator.reset();
        return jsonReply(200, {});
      case 'GET /_emulator/state':
        return jsonReply(200, emulator.dump());
      case 'POST /_emulator/advance':
        emulator.advance(advanceMs(query));
        return jsonReply(200, { now: new Date(emulator.now()).toISOString() });
      case 'POST /_emulator/run-outcome':
        emulator.setRunOutcome(jsonBody(body, 'a run-outcome rule {runNamePattern, outcome}') as never);
        return jsonReply(200, {});
      default:
        return jsonReply(404, { error: `unknown control endpoint ${method} ${path}; see ${ENDPOINTS}` });
    }
  } catch (error) {
    return jsonReply(400, { error: (error as Error).message });
  }
}

/** `?ms=` as a plain decimal number of milliseconds within advance's limits. */
function advanceMs(query: URLSearchParams): number {
  const raw = query.get('ms');
  if (raw === null) throw new ControlError('advance needs ?ms=<milliseconds>');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw.trim())) {
    throw new ControlError(`advance: ms must be a number of milliseconds, got ${JSON.stringify(raw)}`);
  }
  const problem = advanceProblem(Number(raw));
  if (problem) throw new ControlError(problem);
  return Number(raw);
}

function jsonBody(body: string, what: string): unknown {
  if (body.trim() === '') throw new ControlError(`expected ${what} as the request body, got an empty body`);
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new ControlError(`expected ${what} as the request body, but it is not JSON: ${(error as Error).message}`);
  }
}

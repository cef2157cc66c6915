import type { Emulator } from '../emulator';
import { jsonReply, type Reply } from './reply';

/**
 * Test hooks under /_emulator (a path the real server does not use). Not recorded in the
 * request log, no auth, no injected faults or latency.
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
        emulator.faults.inject(JSON.parse(body || '[]') as never);
        return jsonReply(200, {});
      case 'DELETE /_emulator/faults':
        emulator.faults.clear();
        return jsonReply(200, {});
      case 'POST /_emulator/reset':
        emulator.reset();
        return jsonReply(200, {});
      case 'GET /_emulator/state':
        return jsonReply(200, emulator.dump());
      case 'POST /_emulator/advance': {
        const ms = Number(query.get('ms'));
        if (!query.has('ms') || !Number.isFinite(ms) || ms < 0) throw new Error('advance needs ?ms=<non-negative number>');
        emulator.advance(ms);
        return jsonReply(200, {});
      }
      case 'POST /_emulator/run-outcome':
        emulator.setRunOutcome(JSON.parse(body || '{}') as never);
        return jsonReply(200, {});
      default:
        return jsonReply(404, {
          error: `unknown control endpoint ${method} ${path}; see GET/DELETE /_emulator/requests, POST/DELETE /_emulator/faults, POST /_emulator/reset, GET /_emulator/state, POST /_emulator/advance?ms=N, POST /_emulator/run-outcome`,
        });
    }
  } catch (error) {
    return jsonReply(400, { error: (error as Error).message });
  }
}

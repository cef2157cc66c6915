import type { EmulatorOptions } from './types';

/** Rejects option values that would otherwise fail later in confusing ways. */
export function validateOptions(options: EmulatorOptions): void {
  const fail = (message: string): never => {
    throw new Error(`kfp-emulator: ${message}`);
  };
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    fail(`port must be an integer 0..65535, got ${options.port}`);
  }
  if (options.flavor !== undefined && options.flavor !== '2.1' && options.flavor !== '2.14') {
    fail(`flavor must be '2.1' or '2.14', got ${JSON.stringify(options.flavor)}`);
  }
  if (options.latencyMs !== undefined && !(options.latencyMs >= 0)) fail(`latencyMs must be >= 0, got ${options.latencyMs}`);
  const clock = options.clock;
  if (clock !== undefined && clock !== 'manual') {
    for (const key of ['pendingMs', 'runningMs', 'reportMs'] as const) {
      if (clock[key] !== undefined && !(Number.isFinite(clock[key]) && (clock[key] as number) >= 0)) {
        fail(`clock.${key} must be a non-negative number, got ${clock[key]}`);
      }
    }
    if (clock.startAt !== undefined) {
      if (!clock.manual) fail('clock.startAt only makes sense with clock.manual');
      const ms = clock.startAt instanceof Date ? clock.startAt.getTime() : Date.parse(clock.startAt);
      if (!Number.isFinite(ms)) fail(`clock.startAt must be a date, got ${JSON.stringify(clock.startAt)}`);
    }
  }
  if (options.multiUser) {
    const { userIdHeader, userIdPrefix } = options.multiUser;
    if (userIdHeader !== undefined && (typeof userIdHeader !== 'string' || !/^[A-Za-z0-9-]+$/.test(userIdHeader))) {
      fail(`multiUser.userIdHeader must be an HTTP header name, got ${JSON.stringify(userIdHeader)}`);
    }
    if (userIdPrefix !== undefined && typeof userIdPrefix !== 'string') fail('multiUser.userIdPrefix must be a string');
    if (userIdPrefix !== undefined && userIdHeader === undefined) fail('multiUser.userIdPrefix only makes sense with multiUser.userIdHeader');
    const users = options.multiUser.users;
    if (!Array.isArray(users) || users.length === 0) fail('multiUser.users must be a non-empty array of users');
    users.forEach((u, i) => {
      const where = `multiUser.users[${i}]`;
      if (typeof u?.name !== 'string' || u.name === '') fail(`${where}.name must be a non-empty string`);
      if (!Array.isArray(u.namespaces) || !u.namespaces.every((n) => typeof n === 'string' && n !== '')) {
        fail(`${where}.namespaces must be an array of non-empty strings`);
      }
      if (u.password !== undefined && typeof u.password !== 'string') fail(`${where}.password must be a string`);
      for (const key of ['tokens', 'cookies'] as const) {
        const list = u[key];
        if (list !== undefined && (!Array.isArray(list) || !list.every((t) => typeof t === 'string' && t !== ''))) {
          fail(`${where}.${key} must be an array of non-empty strings`);
        }
      }
    });
  }
}

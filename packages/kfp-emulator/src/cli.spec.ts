import { cliFaultRules, DEMO_USER, parseCliArgs } from './cli';

describe('parseCliArgs', () => {
  it('defaults to port 8888 on 127.0.0.1, flavor 2.1, single-user', () => {
    const command = parseCliArgs([]);
    expect(command).toMatchObject({ help: false, port: 8888, options: { host: '127.0.0.1', flavor: '2.1' } });
    expect(command.help === false && command.options.multiUser).toBeUndefined();
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const command = parseCliArgs([
      '--port=0', '--host', '0.0.0.0', '--flavor', '2.14', '--pending-ms', '10', '--running-ms=20', '--latency-ms', '5', '--state-file', '/tmp/s.json',
    ]);
    expect(command).toEqual({
      help: false,
      port: 0,
      options: {
        port: 0,
        host: '0.0.0.0',
        flavor: '2.14',
        clock: { pendingMs: 10, runningMs: 20 },
        latencyMs: 5,
        stateFile: '/tmp/s.json',
      },
    });
  });

  it('reads the persistence agent delay and the user-id header', () => {
    const command = parseCliArgs(['--multi-user', '--report-ms', '250', '--userid-header', 'kubeflow-userid', '--userid-prefix=accounts.google.com:']);
    expect(command.help === false && command.options).toMatchObject({
      clock: { reportMs: 250 },
      multiUser: { users: [DEMO_USER], userIdHeader: 'kubeflow-userid', userIdPrefix: 'accounts.google.com:' },
    });
    expect(() => parseCliArgs(['--userid-header', 'kubeflow-userid'])).toThrow('--userid-header only makes sense with --multi-user');
    expect(() => parseCliArgs(['--multi-user', '--userid-prefix', 'x:'])).toThrow('--userid-prefix only makes sense with --userid-header');
  });

  it('uses the demo user for --multi-user, or the --users file', () => {
    const demo = parseCliArgs(['--multi-user']);
    expect(demo.help === false && demo.options.multiUser).toEqual({ users: [DEMO_USER] });
    const users = [{ name: 'a@b.c', tokens: ['t'], namespaces: ['ns'] }];
    const fromFile = parseCliArgs(['--multi-user', '--users', 'users.json'], () => JSON.stringify(users));
    expect(fromFile.help === false && fromFile.options.multiUser).toEqual({ users });
  });

  it.each([
    [['--port', 'x'], '--port needs a non-negative number, got "x"'],
    [['--port', '70000'], '--port must be an integer 0..65535, got "70000"'],
    [['--flavor', '3'], '--flavor must be 2.1 or 2.14, got "3"'],
    [['--colour'], 'unknown option "--colour" (see --help)'],
    [['--host'], '--host needs a value'],
    [['--users', 'u.json'], '--users only makes sense with --multi-user'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('reports a bad users file with its path', () => {
    expect(() => parseCliArgs(['--multi-user', '--users', 'u.json'], () => '{')).toThrow(/^--users u\.json: /);
    expect(() => parseCliArgs(['--multi-user', '--users', 'u.json'], () => '{}')).toThrow('--users u.json: expected a JSON array of users');
  });

  it('recognises --help anywhere', () => {
    expect(parseCliArgs(['--port', '1', '--help'])).toEqual({ help: true });
  });
});

describe('cliFaultRules', () => {
  it('turns --fail-rate and --fail-at into fault rules', () => {
    expect(cliFaultRules(['--fail-rate', '0.25', '--fail-at=jobs.create:2,runs.create:1'])).toEqual([
      { pathPattern: '/apis/', rate: 0.25, status: 503 },
      { kind: 'jobs.create', at: [2], status: 503 },
      { kind: 'runs.create', at: [1], status: 503 },
    ]);
  });

  it('rejects malformed values', () => {
    expect(() => cliFaultRules(['--fail-rate', '2'])).toThrow('--fail-rate must be between 0 and 1, got "2"');
    expect(() => cliFaultRules(['--fail-at', 'jobs.create'])).toThrow(/--fail-at items look like kind:N/);
    expect(() => cliFaultRules(['--fail-at', 'jobs.create:0'])).toThrow(/--fail-at items look like kind:N/);
  });
});

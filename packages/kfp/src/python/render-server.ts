import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import type { PipelineSdk } from '../pipeline/layout';
import { interpreterHint, type InterpreterChoice } from './interpreter';
import { SDK_ENVIRONMENTS, sdkOfKfpVersion } from './sdk-environment';

/** The Python side of the render server, shipped with the plugin. */
export const RENDER_SERVER_SCRIPT = join(__dirname, '..', '..', 'python', 'kfp_render_server.py');

export interface ScriptRequest {
  /** Absolute path of the pipeline script. */
  script: string;
  /** Working directory of the script (its folder). */
  cwd: string;
  args: string[];
  /** Entries put in front of sys.path (pipeline folder, shared code). */
  sysPath: string[];
  /** File that receives the script's stdout and stderr. */
  log: string;
  timeoutSec?: number;
}

export interface ScriptExit {
  exitCode: number | null;
  signal: number | null;
  timedOut: boolean;
  durationMs: number;
}

interface ReadyMessage {
  ready: true;
  python: string;
  kfp: string;
  fork: boolean;
}

export class RenderServerError extends Error {
  override name = 'RenderServerError';
}

/**
 * A long-lived Python process that has imported the KFP SDK once and forks a
 * child per script (see python/kfp_render_server.py). Many renders share one
 * warm interpreter; each still runs in a fresh, isolated process. A server
 * renders pipelines of one SDK: the one its interpreter's kfp compiles.
 */
export class RenderServer {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (exit: ScriptExit) => void; reject: (e: Error) => void }>();
  private exited?: Error;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly info: { python: string; kfp: string; fork: boolean; sdk: PipelineSdk },
    private readonly stderrTail: () => string,
  ) {}

  static async start(interpreter: InterpreterChoice, env: NodeJS.ProcessEnv = process.env): Promise<RenderServer> {
    // A plain child process: the server is long-lived and spoken to line by line.
    const child = spawn(interpreter.command, ['-u', RENDER_SERVER_SCRIPT], {
      env: {
        ...env,
        // Same hash seed in every render, so set and dict ordering cannot make output vary between runs.
        PYTHONHASHSEED: '0',
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONUNBUFFERED: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
    });

    const lines = lineReader(child.stdout);
    const ready = await new Promise<ReadyMessage>((resolve, reject) => {
      lines.onLine = (line) => {
        try {
          const msg = JSON.parse(line) as ReadyMessage;
          if (msg.ready) resolve(msg);
        } catch {
          reject(new RenderServerError(`unexpected output from the render server: ${line.slice(0, 200)}`));
        }
      };
      child.on('error', (e: NodeJS.ErrnoException) => {
        const what = e.code === 'ENOENT' ? 'was not found' : `could not be started (${e.message})`;
        reject(new RenderServerError(`${interpreter.command} ${what}. ${interpreterHint(interpreter)}`));
      });
      child.on('exit', (code: number | null) => {
        const tail = stderr.trim().split('\n').slice(-6).join('\n');
        const missingKfp = /No module named '?kfp/.test(stderr);
        const reason = missingKfp ? 'cannot import kfp' : `exited with code ${code} before it was ready`;
        reject(new RenderServerError(`The render server ${reason}.\n${tail}\n${interpreterHint(interpreter)}`));
      });
    });

    const sdk = sdkOfKfpVersion(ready.kfp);
    if (sdk !== interpreter.sdk) {
      child.removeAllListeners('exit');
      child.kill();
      const wanted = SDK_ENVIRONMENTS[interpreter.sdk].kfpPin;
      throw new RenderServerError(
        `${interpreter.command} has kfp ${ready.kfp}, but ${interpreter.sdk} pipelines are compiled with ${wanted}. ${interpreterHint(interpreter)}`,
      );
    }
    const server = new RenderServer(child, { python: ready.python, kfp: ready.kfp, fork: ready.fork, sdk }, () => stderr);
    lines.onLine = (line) => server.onMessage(line);
    child.removeAllListeners('exit');
    child.on('exit', (code: number | null, signal: NodeJS.Signals | null) => server.onExit(code, signal));
    return server;
  }

  /** Runs one script in a fresh child of the server. */
  run(request: ScriptRequest): Promise<ScriptExit> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<ScriptExit>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  /** Stops the server after the scripts already started have finished. */
  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await exited;
  }

  private onMessage(line: string): void {
    const msg = JSON.parse(line) as ScriptExit & { id: number };
    const waiter = this.pending.get(msg.id);
    if (!waiter) return;
    this.pending.delete(msg.id);
    waiter.resolve({ exitCode: msg.exitCode, signal: msg.signal, timedOut: msg.timedOut, durationMs: msg.durationMs });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const tail = this.stderrTail().trim().split('\n').slice(-6).join('\n');
    this.exited = new RenderServerError(`The render server stopped (${signal ?? `exit code ${code}`}).${tail ? `\n${tail}` : ''}`);
    for (const waiter of this.pending.values()) waiter.reject(this.exited);
    this.pending.clear();
  }
}

function lineReader(stream: NodeJS.ReadableStream): { onLine: (line: string) => void } {
  const reader = { onLine: (_line: string) => undefined as void };
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) reader.onLine(line);
    }
  });
  return reader;
}

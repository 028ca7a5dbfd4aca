import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmStartArguments } from '../helpers/npm-start-command.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Variables of the parent that must not leak into the bridge under test (AWS, other sinks, dev logging). */
const DROPPED_ENV = /^(AWS_|BRIDGE_|CDEVENTS_|ARGOCD_|FLUX_|POWERTOOLS_|LOG_LEVEL$|PORT$|HOST$)/;

/** `npm start` running as a child process. */
export interface BridgeProcess {
  url: string;
  /** Exit code or signal once the process has ended. */
  exit(): string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the bridge as `npm start` runs it (`package.json`'s script) on 127.0.0.1 and a free port, and
 * hands every line it writes (stdout and stderr) to `onLine`.
 * @throws Error when it does not print its address within `startTimeoutMs`.
 */
export async function startBridgeProcess(env: Record<string, string>, onLine: (line: string) => void, startTimeoutMs = 30_000): Promise<BridgeProcess> {
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !DROPPED_ENV.test(key)));
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, npmStartArguments(ROOT), {
    cwd: ROOT, env: { ...childEnv, PORT: '0', HOST: '127.0.0.1', ...env },
  });
  let exitState: string | undefined;
  const exited = new Promise<void>((resolve) => child.on('exit', (code, signal) => { exitState = signal ?? `code ${code}`; resolve(); }));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bridge did not start in time')), startTimeoutMs);
    const read = (stream: NodeJS.ReadableStream) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]!);
          }
          if (line.trim()) onLine(line);
        }
      });
    };
    read(child.stdout);
    read(child.stderr);
    void exited.then(() => reject(new Error(`the bridge exited during start (${exitState})`)));
  });
  return {
    url: await url,
    exit: () => exitState,
    stop: async () => {
      if (exitState === undefined) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      if (exitState === undefined) child.kill('SIGKILL');
    },
  };
}

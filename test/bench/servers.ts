// The processes the benchmark measures or talks to, each started on a free loopback port: the bridge as
// `npm start` runs it, the bare node:http floor, a broker and a TCP echo server (benchmark, not a test).
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { npmStartArguments } from '../helpers/npm-start-command.js';
import { ROOT } from './bodies.js';

/** A server process under test. */
export interface ServerProcess {
  url: string;
  /** Ends the process (SIGTERM, then SIGKILL after 3 s). */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

async function startProcess(args: string[], env: Record<string, string>, name: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4000); });
  let exited = false;
  child.on('exit', () => { exited = true; });
  for (let attempt = 0; attempt < 300 && !(await canConnect(port)); attempt += 1) {
    if (exited) throw new Error(`${name} exited at start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (exited || !(await canConnect(port))) throw new Error(`${name} did not listen within 30 s:\n${stderr}`);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      if (exited) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 3_000).unref();
    }),
  };
}

/** `npm start` (`node … --import tsx lib/local/start.ts`, as in `package.json`) delivering to `sinkUrl`; `env` adds or overrides settings. */
export function startBridge(sinkUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startProcess(npmStartArguments(ROOT), {
    BRIDGE_TOKENS: 'bench-token', CDEVENTS_SINK_URL: sinkUrl, CDEVENTS_SINK_MODE: 'binary', BRIDGE_CLUSTER: 'bench',
    ARGOCD_REPLAY_WINDOW_SECONDS: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env,
  }, 'the bridge (npm start)');
}

/**
 * The floor: bare `node:http` that reads each POST, forwards the same body to the sink on a
 * keep-alive agent, and answers 202 once the sink did. `GET /rss` answers its peak RSS in MiB.
 */
const FLOOR_SCRIPT = `
import { Agent, createServer, request } from 'node:http';
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const sink = process.env.SINK_URL;
createServer((req, res) => {
  if (req.method === 'GET') { res.end(String(process.resourceUsage().maxRSS / 1024)); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const out = request(sink, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (r) => {
      r.resume();
      r.on('end', () => { res.writeHead(202, { 'content-type': 'application/json' }); res.end('{"status":"accepted"}'); });
    });
    out.on('error', () => { res.writeHead(502); res.end(); });
    out.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

/** Starts the floor forwarder, with `nodeArgs` (heap limits) for `node`. */
export function startFloor(sinkUrl: string, nodeArgs: string[] = []): Promise<ServerProcess> {
  return startProcess([...nodeArgs, '--input-type=module', '-e', FLOOR_SCRIPT], { SINK_URL: sinkUrl }, 'the node:http floor');
}

/** A loopback broker that answers every POST with 202, in its own process (the end-to-end rows keep theirs in the benchmark's). */
const BROKER_SCRIPT = `
import { createServer } from 'node:http';
createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(202, { 'content-length': '0' }).end()); })
  .listen(Number(process.env.PORT), '127.0.0.1');
`;

/** Starts {@link BROKER_SCRIPT}; its `url` is the server's root. */
export function startBrokerProcess(): Promise<ServerProcess> {
  return startProcess(['--input-type=module', '-e', BROKER_SCRIPT], {}, 'the loopback broker');
}

/** A loopback TCP server that echoes every chunk back on its connection, in its own process (no HTTP). */
const ECHO_SCRIPT = `
import { createServer } from 'node:net';
createServer((socket) => socket.setNoDelay(true).on('data', (chunk) => socket.write(chunk)))
  .listen(Number(process.env.PORT), '127.0.0.1');
`;

/** Starts {@link ECHO_SCRIPT}; its `url` names the port (`http:` only by form). */
export function startEchoServerProcess(): Promise<ServerProcess> {
  return startProcess(['--input-type=module', '-e', ECHO_SCRIPT], {}, 'the loopback echo server');
}

import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

const API_MAIN = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.ts');
const TS_REQUIRE = join(__dirname, 'ts-require.js');

/** The real API as a process of its own (apps/api/src/main.ts run from source), listening on a local port. */
export interface ApiProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  exited: Promise<unknown>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts the API from source on a free port and waits until /health answers 200. Another
 * process may take the port between our look and the API's listen: then it tries another.
 */
export async function startApiProcess(env: NodeJS.ProcessEnv = process.env, timeoutMs = 90_000): Promise<ApiProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = fork(API_MAIN, [], { execArgv: ['-r', TS_REQUIRE], env: { ...env, PORT: String(port) }, stdio: 'inherit' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const api = { child, port, baseUrl: `http://127.0.0.1:${port}`, exited };
    if (await answersHealth(api, timeoutMs)) return api;
    await killApiProcess(api);
    if (attempt === 3) throw new Error(`the API process did not start (exit ${child.exitCode ?? child.signalCode})`);
  }
}

async function answersHealth(api: ApiProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.child.exitCode !== null || api.child.signalCode !== null) return false;
    const healthy = await fetch(`${api.baseUrl}/health`).then((answer) => answer.ok, () => false);
    if (healthy) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Ends the process at once (kill -9) and waits until it is gone. */
export async function killApiProcess(api: ApiProcess): Promise<void> {
  if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
  await api.exited;
}

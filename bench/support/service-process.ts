import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port no one listens on now, for a process the benchmark starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address !== 'object') throw new Error('no free port');
  return address.port;
}

/** Starts a compiled app (the API, the worker) as a process of its own; its output joins ours. */
export function startProcess(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  return fork(script, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Waits until the process answers 200 on GET /health, and fails if it exits first. */
export async function waitForHealth(child: ChildProcess, port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process ${child.pid} ended before it answered (${child.exitCode ?? child.signalCode})`);
    const healthy = await fetch(`http://127.0.0.1:${port}/health`).then((answer) => answer.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`process ${child.pid} did not answer on port ${port} within ${timeoutMs} ms`);
}

/** The first message a process sends over IPC (the ceiling tells its port that way). */
export function firstMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = () => reject(new Error(`process ${child.pid} ended before it spoke`));
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve(message as T);
    });
  });
}

/** Stops a process: SIGTERM lets it finish its batch, SIGKILL after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

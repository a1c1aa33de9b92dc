import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface NatsServer {
  url: string;
  port: number;
  storeDir: string;
  /** Options beyond port and store (cluster membership), kept for a restart. */
  args: string[];
  /** The server process, to hang it (SIGSTOP) and let it go again (SIGCONT). */
  pid: number;
  /** Stops the server and resolves when it has exited; the store is removed unless kept for a restart. */
  stop(options?: { keepStore?: boolean }): Promise<void>;
}

/** The nats-server binary on PATH (or in /usr/sbin), if there is one. */
export function natsServerBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin'];
  return dirs.map((dir) => join(dir, 'nats-server')).find((path) => existsSync(path));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A JetStream-enabled nats-server, ready for clients: on a free port with a new store, or on the
 * port and store of a stopped one (a restart).
 */
export async function startNatsServer(
  binary: string,
  restart?: Pick<NatsServer, 'port' | 'storeDir' | 'args'>,
  options: { port?: number; args?: string[] } = {},
): Promise<NatsServer> {
  const port = restart?.port ?? options.port ?? await freePort();
  const storeDir = restart?.storeDir ?? mkdtempSync(join(tmpdir(), 'natsjs-'));
  const extra = restart?.args ?? options.args ?? [];
  const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await ready(child, 10_000);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    args: extra,
    pid: child.pid!,
    async stop({ keepStore = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (!keepStore) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(`nats-server not ready after ${timeoutMs} ms:\n${log}`), timeoutMs);
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(message));
    };
    const onExit = (code: number | null) => fail(`nats-server exited with code ${code}:\n${log}`);
    child.once('error', (err) => fail(err.message));
    child.once('exit', onExit);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolve();
      }
    });
  });
}

/**
 * Three JetStream servers clustered on loopback (each with its own store), ready once a stream
 * leader can be elected: `url` lists all three, as a client of the cluster is given them.
 */
export async function startNatsCluster(binary: string, size = 3): Promise<{ url: string; nodes: NatsServer[]; stop(): Promise<void> }> {
  const ports = await Promise.all(Array.from({ length: size }, async () => ({ client: await freePort(), route: await freePort() })));
  const routes = ports.map((p) => `nats://127.0.0.1:${p.route}`).join(',');
  const nodes = await Promise.all(ports.map((p, i) => startNatsServer(binary, undefined, {
    port: p.client,
    args: ['--server_name', `n${i + 1}`, '--cluster_name', 'motion', '--cluster', `nats://127.0.0.1:${p.route}`, '--routes', routes],
  })));
  return {
    url: nodes.map((n) => n.url).join(','),
    nodes,
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

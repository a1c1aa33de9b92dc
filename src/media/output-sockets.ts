import { connect, createServer, type OnReadOpts, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One connected pair: ffmpeg writes to `child` (as one of its fds), the service reads `reader`. */
export interface OutputSocket {
  reader: Socket;
  child: Socket;
}

let serial = 0;

function socketPath(): string {
  const name = `motion-registry-${process.pid}-${++serial}`;
  // Linux's abstract namespace leaves nothing on disk; elsewhere the listener unlinks its file on close.
  if (process.platform === 'linux') return `\0${name}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\${name}`;
  return join(tmpdir(), `${name}.sock`);
}

async function listen(): Promise<{ server: Server; path: string }> {
  const server = createServer({ pauseOnConnect: true });
  const path = socketPath();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, path };
}

/**
 * Connected local stream sockets, one per `onread`. A pipe made by `spawn` hands every read to a
 * freshly allocated Buffer, which the caller then copies; here the kernel writes each read straight
 * into the memory `onread.buffer` returns (the reader's shared slots), and nothing is allocated per
 * read. The `child` ends are paused and meant to be given to a child process as stdio.
 */
export async function outputSockets(onreads: OnReadOpts[]): Promise<OutputSocket[]> {
  const { server, path } = await listen();
  const pairs: OutputSocket[] = [];
  try {
    for (const onread of onreads) {
      const accepted = once(server, 'connection') as Promise<[Socket]>;
      const reader = connect({ path, onread });
      try {
        const [[child]] = await Promise.all([accepted, once(reader, 'connect')]);
        pairs.push({ reader, child });
      } catch (err) {
        reader.destroy();
        throw err;
      }
    }
    return pairs;
  } catch (err) {
    for (const pair of pairs) {
      pair.reader.destroy();
      pair.child.destroy();
    }
    throw err;
  } finally {
    server.close();
  }
}

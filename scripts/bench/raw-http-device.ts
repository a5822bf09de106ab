// One simulated laptop of the 200-device run in `npm run bench:sync`: HTTP/1.1 over one keep-alive
// socket of its own, with its requests framed before the clock starts, as wrk or autocannon frame
// theirs. The load generator shares the machine's two cores with the service and PostgreSQL; the
// less of them it takes, the more the figures describe the service.
import { connect, type Socket } from 'node:net';

export type RawAnswer = {
  readonly status: number;
  readonly body: string;
  /** The answer said `Connection: close`: the peer ends the connection after it. */
  readonly closes: boolean;
};

export type RawDevice = {
  /** Sends one framed request and waits for its whole answer (one request at a time). */
  send(request: Uint8Array): Promise<RawAnswer>;
  close(): void;
};

/** The bytes of one request: request line, headers (with Host and Content-Length), body. */
export function frameRequest(
  method: string,
  url: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
): Uint8Array {
  const target = new URL(url);
  const lines = [
    `${method} ${target.pathname}${target.search} HTTP/1.1`,
    `host: ${target.host}`,
    `content-length: ${body.byteLength}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  const head = new TextEncoder().encode(`${lines.join('\r\n')}\r\n\r\n`);
  const framed = new Uint8Array(head.byteLength + body.byteLength);
  framed.set(head, 0);
  framed.set(body, head.byteLength);
  return framed;
}

type Pending = { resolve(answer: RawAnswer): void; reject(error: Error): void };

/** Answers are parsed as far as the bench needs: status, Content-Length, body (no chunked bodies). */
export function openRawDevice(url: string): Promise<RawDevice> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: target.hostname, port: Number(target.port) || 80 });
    socket.setNoDelay(true);
    let buffered: Buffer = Buffer.alloc(0);
    let pending: Pending | null = null;
    const fail = (error: Error) => {
      const waiting = pending;
      pending = null;
      waiting?.reject(error);
    };
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.byteLength === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0 || pending === null) {
        return;
      }
      const head = buffered.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? NaN);
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
      if (!Number.isFinite(status) || !Number.isFinite(length)) {
        fail(new Error(`unreadable answer head: ${head.slice(0, 200)}`));
        socket.destroy();
        return;
      }
      if (buffered.byteLength < end + 4 + length) {
        return;
      }
      const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
      buffered = buffered.subarray(end + 4 + length);
      const done = pending;
      pending = null;
      done.resolve({ status, body, closes: /\r\nconnection:\s*close/i.test(head) });
    });
    socket.on('error', (error) => {
      fail(error);
      reject(error);
    });
    socket.on('close', () => fail(new Error('the connection closed before the answer')));
    socket.once('connect', () =>
      resolve({
        send: (request) =>
          new Promise<RawAnswer>((resolveAnswer, rejectAnswer) => {
            if (pending !== null) {
              rejectAnswer(new Error('one request at a time on a device connection'));
              return;
            }
            if (socket.destroyed) {
              rejectAnswer(new Error('the device connection is closed'));
              return;
            }
            pending = { resolve: resolveAnswer, reject: rejectAnswer };
            socket.write(request);
          }),
        close: () => socket.destroy(),
      }),
    );
  });
}

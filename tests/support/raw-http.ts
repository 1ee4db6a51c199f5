import { createCipheriv, createHash } from 'node:crypto';
import http from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Deterministic pseudo-random bytes (an AES-CTR key stream), so large payloads need no fixture files. */
export function* payloadChunks(totalBytes: number, chunkBytes = 64 * 1024, seed = 1): Generator<Buffer> {
  const key = createHash('sha256').update(`datahub-payload-${seed}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  for (let sent = 0; sent < totalBytes; sent += chunkBytes) {
    yield cipher.update(Buffer.alloc(Math.min(chunkBytes, totalBytes - sent)));
  }
}

export function sha256OfPayload(totalBytes: number, seed = 1): string {
  const hash = createHash('sha256');
  for (const chunk of payloadChunks(totalBytes, 64 * 1024, seed)) hash.update(chunk);
  return hash.digest('hex');
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * PUTs a streamed body with plain node:http, with Content-Length or chunked. Stops writing as
 * soon as the server answers (an early 413), and can cut the connection after `abortAfterBytes`.
 */
export function streamPut(
  url: string,
  chunks: Iterable<Buffer>,
  options: { contentLength?: number; abortAfterBytes?: number; headers?: Record<string, string> } = {},
): Promise<RawResponse | 'aborted'> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', ...options.headers };
    if (options.contentLength !== undefined) headers['Content-Length'] = String(options.contentLength);
    const req = http.request(url, { method: 'PUT', headers, agent: false });
    let answered = false;
    let sent = 0;
    req.on('response', (res) => {
      answered = true;
      const body: Buffer[] = [];
      res.on('data', (c: Buffer) => body.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(body) }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (options.abortAfterBytes !== undefined) resolve('aborted');
      else if (!answered) reject(err);
    });
    const iterator = chunks[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        if (answered) return;
        if (options.abortAfterBytes !== undefined && sent >= options.abortAfterBytes) {
          req.destroy();
          resolve('aborted');
          return;
        }
        const next = iterator.next();
        if (next.done) {
          req.end();
          return;
        }
        sent += next.value.length;
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

export async function getBytes(url: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Reads a stream to its end and returns how many bytes it carried, keeping none of them. */
export async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

/** The app's object API over node:http with a keep-alive agent. */
export class AppClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  private path(key: string): string {
    return `/objects/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  private request(method: string, key: string, headers: http.OutgoingHttpHeaders = {}): http.ClientRequest {
    const url = new URL(this.path(key), this.baseUrl);
    return http.request(url, { method, agent: this.agent, headers });
  }

  /**
   * PUTs a body: a Buffer goes with Content-Length; a stream goes with Content-Length when
   * `contentLength` is given, otherwise chunked (Transfer-Encoding: chunked).
   */
  async put(key: string, body: Buffer | Readable, contentLength?: number): Promise<{ size: number; etag: string }> {
    const length = Buffer.isBuffer(body) ? body.length : contentLength;
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/octet-stream' };
    if (length !== undefined) headers['Content-Length'] = String(length);
    const req = this.request('PUT', key, headers);
    const sending = Buffer.isBuffer(body) ? Promise.resolve(req.end(body)) : pipeline(body, req);
    const [res] = await Promise.all([responseOf(req), sending]);
    const text = await readText(res);
    if (res.statusCode !== 201) throw new Error(`PUT ${key} via the app: HTTP ${res.statusCode} ${text}`);
    return JSON.parse(text) as { size: number; etag: string };
  }

  /** GETs an object and returns its byte count, failing on anything but 200. */
  async get(key: string): Promise<number> {
    const req = this.request('GET', key);
    const response = responseOf(req);
    req.end();
    const res = await response;
    if (res.statusCode !== 200)
      throw new Error(`GET ${key} via the app: HTTP ${res.statusCode} ${await readText(res)}`);
    return drain(res);
  }

  close(): void {
    this.agent.destroy();
  }
}

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** Resolves with a request's response, or rejects with its first error. */
function responseOf(req: http.ClientRequest): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
}

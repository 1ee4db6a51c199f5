/** The multipart primitives a streaming upload needs from S3. */
export interface MultipartTarget {
  putWhole(body: Buffer): Promise<{ etag: string }>;
  begin(): Promise<string>;
  uploadPart(uploadId: string, partNumber: number, body: Buffer): Promise<{ etag: string }>;
  complete(uploadId: string, parts: readonly { part: number; etag: string }[]): Promise<{ etag: string }>;
  abort(uploadId: string): Promise<void>;
}

/** Thrown when the body grows past the byte limit; the caller maps it to 413. */
export class ObjectTooLargeError extends Error {
  override readonly name = 'ObjectTooLargeError';
  constructor(readonly limit: number) {
    super(`object is larger than the ${limit}-byte limit`);
  }
}

/** The body being uploaded failed (the client went away or sent a broken stream), not the storage. */
export class UploadSourceError extends Error {
  override readonly name = 'UploadSourceError';
  constructor(cause: unknown) {
    super(`the upload body failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

async function* guarded(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) yield chunk;
  } catch (err) {
    throw new UploadSourceError(err);
  }
}

/** Collects chunks until exactly `size` bytes are held, without copying until a part is cut. */
class PartBuffer {
  private chunks: Buffer[] = [];
  private held = 0;
  constructor(private readonly size: number) {}

  get bytes(): number {
    return this.held;
  }
  get full(): boolean {
    return this.held === this.size;
  }
  /** Takes as much of `chunk` as fits and returns the rest. */
  fill(chunk: Buffer): Buffer {
    const room = this.size - this.held;
    const taken = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(taken);
    this.held += taken.length;
    return chunk.subarray(taken.length);
  }
  cut(): Buffer {
    const part = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
    this.chunks = [];
    this.held = 0;
    return part;
  }
}

/**
 * Streams `source` to S3 holding at most two parts in memory: the one being uploaded and the
 * one being filled. Bodies that fit in one part go up in a single PUT. On any failure (the
 * source errors, the limit is crossed, S3 fails) a started multipart upload is aborted, so no
 * object and no orphaned parts are left behind.
 */
export async function streamingUpload(
  source: AsyncIterable<Buffer>,
  target: MultipartTarget,
  options: { readonly partSize: number; readonly maxBytes: number; readonly onBytes?: (n: number) => void },
): Promise<{ etag: string; size: number }> {
  const buffer = new PartBuffer(options.partSize);
  const parts: { part: number; etag: string }[] = [];
  let uploadId: string | undefined;
  let inFlight: Promise<void> | undefined;
  let total = 0;

  const ship = async (body: Buffer) => {
    if (inFlight) await inFlight;
    uploadId ??= await target.begin();
    const id = uploadId;
    const part = parts.length + 1;
    parts.push({ part, etag: '' });
    inFlight = target.uploadPart(id, part, body).then(({ etag }) => {
      parts[part - 1] = { part, etag };
    });
    // Keep a rejected part from surfacing as an unhandled rejection before it is awaited.
    inFlight.catch(() => undefined);
  };

  try {
    for await (const raw of guarded(source)) {
      let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      total += chunk.length;
      if (total > options.maxBytes) throw new ObjectTooLargeError(options.maxBytes);
      options.onBytes?.(chunk.length);
      while (chunk.length > 0) {
        if (buffer.full) await ship(buffer.cut());
        chunk = buffer.fill(chunk);
      }
    }
    if (uploadId === undefined && !inFlight) {
      const { etag } = await target.putWhole(buffer.cut());
      return { etag, size: total };
    }
    if (buffer.bytes > 0) await ship(buffer.cut());
    await inFlight;
    const { etag } = await target.complete(uploadId!, parts);
    return { etag, size: total };
  } catch (err) {
    if (inFlight) await inFlight.catch(() => undefined);
    if (uploadId !== undefined) await target.abort(uploadId).catch(() => undefined);
    throw err;
  }
}

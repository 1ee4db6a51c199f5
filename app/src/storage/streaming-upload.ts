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

/**
 * Holds the part being filled. The first part collects the incoming chunks (so bodies smaller
 * than a part never allocate a whole part); later parts are copied into full-size buffers that
 * are recycled once their upload finishes, so a long upload holds two part buffers, not more.
 */
class PartBuffer {
  private chunks: Buffer[] = [];
  private target: Buffer | undefined;
  private held = 0;
  private readonly spare: Buffer[] = [];
  private cuts = 0;

  constructor(private readonly size: number) {}

  get bytes(): number {
    return this.held;
  }
  get full(): boolean {
    return this.held === this.size;
  }
  /** Takes as much of `chunk` as fits and returns the rest. */
  fill(chunk: Buffer): Buffer {
    const taken = Math.min(chunk.length, this.size - this.held);
    if (this.cuts > 0) this.target ??= this.spare.pop() ?? Buffer.allocUnsafe(this.size);
    if (this.target) chunk.copy(this.target, this.held, 0, taken);
    else this.chunks.push(taken === chunk.length ? chunk : chunk.subarray(0, taken));
    this.held += taken;
    return chunk.subarray(taken);
  }
  /** Hands out the filled bytes and the buffer to give back through `recycle` once they are uploaded. */
  cut(): { data: Buffer; backing: Buffer } {
    let backing: Buffer;
    if (this.target) backing = this.target;
    else
      backing =
        this.chunks.length === 1 && this.held === this.size ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
    const data = backing.subarray(0, this.held);
    this.chunks = [];
    this.held = 0;
    this.target = undefined;
    this.cuts++;
    return { data, backing };
  }
  recycle(backing: Buffer): void {
    if (backing.length === this.size && this.spare.length === 0) this.spare.push(backing);
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

  const ship = async ({ data, backing }: { data: Buffer; backing: Buffer }) => {
    if (inFlight) await inFlight;
    uploadId ??= await target.begin();
    const id = uploadId;
    const part = parts.length + 1;
    parts.push({ part, etag: '' });
    inFlight = target.uploadPart(id, part, data).then(({ etag }) => {
      parts[part - 1] = { part, etag };
      buffer.recycle(backing);
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
      const { etag } = await target.putWhole(buffer.cut().data);
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

import type { Readable } from 'node:stream';

export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly contentType: string;
  readonly lastModified: Date;
}

export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
}

export interface ObjectPage {
  readonly items: readonly ListedObject[];
  /** Opaque token for the next page; undefined on the last page. */
  readonly nextCursor: string | undefined;
}

export interface PutOptions {
  readonly contentType: string;
  readonly maxBytes: number;
  /** Called for every chunk accepted, so callers can count bytes as they stream. */
  readonly onBytes?: (n: number) => void;
}

export interface PutResult {
  readonly etag: string;
  readonly size: number;
}

export type PresignMethod = 'GET' | 'PUT';

/** The storage the HTTP layer needs; `MinioObjectStore` is the real one. */
export interface ObjectStore {
  readonly bucket: string;
  put(key: string, body: AsyncIterable<Buffer>, options: PutOptions): Promise<PutResult>;
  stat(key: string): Promise<ObjectInfo>;
  /** Opens the whole object in one storage call: its metadata and its body stream. */
  get(key: string): Promise<{ readonly info: ObjectInfo; readonly body: Readable }>;
  /** Streams the inclusive byte range [start, end] of the object. */
  getRange(key: string, range: { readonly start: number; readonly end: number }): Promise<Readable>;
  delete(key: string): Promise<void>;
  list(prefix: string, limit: number, cursor: string | undefined): Promise<ObjectPage>;
  presign(method: PresignMethod, key: string, expiresSeconds: number): Promise<string>;
  /** Resolves with undefined when the bucket is reachable, or with the reason it is not. */
  check(): Promise<string | undefined>;
  /** Creates the bucket when it does not exist yet. */
  ensureBucket(): Promise<void>;
}

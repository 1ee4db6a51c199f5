import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { Client } from 'minio';
import type { AppConfig } from '../config';
import type { AppMetrics, StorageOp } from '../metrics';
import type { ObjectInfo, ObjectPage, ObjectStore, PresignMethod, PutOptions, PutResult } from './object-store';
import { classifyStorageError, isBucketAlreadyOurs, storageErrorCode, withTimeout } from './storage-errors';
import { streamingUpload, type MultipartTarget } from './streaming-upload';

type StorageConfig = AppConfig['storage'];

function newClient(config: StorageConfig, endpoint?: URL): Client {
  const useSSL = endpoint ? endpoint.protocol === 'https:' : config.useSSL;
  const port = endpoint ? Number(endpoint.port || (useSSL ? 443 : 80)) : config.port;
  return new Client({
    endPoint: endpoint ? endpoint.hostname : config.endPoint,
    port,
    useSSL,
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    // A fixed region means presigning never calls out to look it up.
    region: config.region,
    partSize: config.partSizeBytes,
    pathStyle: true,
    transportAgent: useSSL
      ? new https.Agent({ keepAlive: true, maxSockets: 256 })
      : new http.Agent({ keepAlive: true, maxSockets: 256 }),
    // The client's own retry logs to the console and re-sends consumed bodies; callers retry.
    retryOptions: { disableRetry: true },
  });
}

/** ObjectStore on MinIO (or any S3 API) through the official `minio` client. */
export class MinioObjectStore implements ObjectStore {
  readonly bucket: string;
  private readonly client: Client;
  private readonly signer: Client;

  constructor(
    private readonly config: StorageConfig,
    private readonly metrics: AppMetrics,
  ) {
    this.bucket = config.bucket;
    this.client = newClient(config);
    this.signer = config.publicUrl ? newClient(config, config.publicUrl) : this.client;
  }

  private run<T>(op: StorageOp, work: () => Promise<T>, timeout = true): Promise<T> {
    return this.metrics.timeStorage(op, classifyStorageError, () =>
      timeout ? withTimeout(work(), this.config.timeoutMs, `storage ${op}`) : work(),
    );
  }

  put(key: string, body: AsyncIterable<Buffer>, options: PutOptions): Promise<PutResult> {
    const headers = { 'Content-Type': options.contentType };
    const t = this.config.timeoutMs;
    const target: MultipartTarget = {
      putWhole: (buf) => withTimeout(this.client.putObject(this.bucket, key, buf, buf.length, headers), t, 'put'),
      begin: () => withTimeout(this.client.initiateNewMultipartUpload(this.bucket, key, headers), t, 'begin upload'),
      uploadPart: (uploadID, partNumber, buf) =>
        withTimeout(
          this.client.uploadPart({ bucketName: this.bucket, objectName: key, uploadID, partNumber, headers: {} }, buf),
          t,
          'upload part',
        ),
      complete: (uploadId, parts) =>
        withTimeout(this.client.completeMultipartUpload(this.bucket, key, uploadId, [...parts]), t, 'complete upload'),
      abort: (uploadId) => this.client.abortMultipartUpload(this.bucket, key, uploadId),
    };
    // No overall timeout: a large upload takes as long as the client sends; each S3 call has one.
    return this.run(
      'put',
      () =>
        streamingUpload(body, target, {
          partSize: this.config.partSizeBytes,
          maxBytes: options.maxBytes,
          onBytes: options.onBytes,
        }),
      false,
    );
  }

  stat(key: string): Promise<ObjectInfo> {
    return this.run('stat', async () => {
      const s = await this.client.statObject(this.bucket, key);
      const contentType = s.metaData['content-type'];
      return {
        key,
        size: s.size,
        etag: s.etag,
        contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream',
        lastModified: s.lastModified,
      };
    });
  }

  get(key: string): Promise<{ info: ObjectInfo; body: Readable }> {
    return this.run('get', async () => {
      // The client resolves with the HTTP response itself, so its headers carry the metadata.
      const body = (await this.client.getObject(this.bucket, key)) as IncomingMessage;
      const h = body.headers;
      return {
        body,
        info: {
          key,
          size: Number(h['content-length'] ?? 0),
          etag: (h.etag ?? '').replace(/^"|"$/g, ''),
          contentType: h['content-type'] ?? 'application/octet-stream',
          lastModified: new Date(h['last-modified'] ?? 0),
        },
      };
    });
  }

  getRange(key: string, range: { readonly start: number; readonly end: number }): Promise<Readable> {
    return this.run('get', () =>
      this.client.getPartialObject(this.bucket, key, range.start, range.end - range.start + 1),
    );
  }

  delete(key: string): Promise<void> {
    return this.run('delete', () => this.client.removeObject(this.bucket, key));
  }

  list(prefix: string, limit: number, cursor: string | undefined): Promise<ObjectPage> {
    return this.run('list', async () => {
      const page = await this.client.listObjectsV2Query(this.bucket, prefix, cursor ?? '', '', limit, '');
      return {
        items: page.objects
          .filter((o) => o.name !== undefined)
          .map((o) => ({
            key: o.name!,
            size: o.size,
            etag: o.etag ?? '',
            lastModified: o.lastModified ?? new Date(0),
          })),
        nextCursor: page.isTruncated && page.nextContinuationToken ? page.nextContinuationToken : undefined,
      };
    });
  }

  presign(method: PresignMethod, key: string, expiresSeconds: number): Promise<string> {
    return this.run('presign', () => this.signer.presignedUrl(method, this.bucket, key, expiresSeconds));
  }

  async check(): Promise<string | undefined> {
    try {
      const exists = await this.run('ping', () => this.client.bucketExists(this.bucket));
      return exists ? undefined : `bucket "${this.bucket}" does not exist`;
    } catch (err) {
      const code = storageErrorCode(err) ?? (err instanceof Error ? err.message : 'unknown error');
      return `storage unreachable (${code})`;
    }
  }

  ensureBucket(): Promise<void> {
    return this.run('ensure_bucket', async () => {
      if (await this.client.bucketExists(this.bucket)) return;
      try {
        await this.client.makeBucket(this.bucket, this.config.region);
      } catch (err) {
        if (!isBucketAlreadyOurs(err)) throw err;
      }
    });
  }
}

// The root package has no `minio` dependency of its own: tests use the app's copy, the same client the app runs.
import { Client } from '../../app/node_modules/minio';
import type { MinioServer } from './minio-server';

export function minioClient(server: MinioServer): Client {
  return new Client({
    endPoint: '127.0.0.1',
    port: server.port,
    useSSL: false,
    accessKey: server.accessKey,
    secretKey: server.secretKey,
    region: 'us-east-1',
  });
}

/** Every incomplete multipart upload in the bucket, as `key` strings. */
export async function incompleteUploads(client: Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of client.listIncompleteUploads(bucket, '', true)) keys.push(item.key);
  return keys;
}

export async function objectExists(client: Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.statObject(bucket, key);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'NotFound') return false;
    throw err;
  }
}

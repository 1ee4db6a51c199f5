/** The canary object: proof that the app stores and returns data, not only that it answers. */
import { randomBytes } from 'node:crypto';
import { expectStatus, joinUrl, type Attempt, type Http } from './http';

export const CANARY_PREFIX = '.datahub-canary/';

/** Writes a random object through the app, reads it back byte for byte and deletes it again. */
export async function canary(http: Http, appUrl: string): Promise<Attempt> {
  const key = `${CANARY_PREFIX}${Date.now()}-${randomBytes(8).toString('hex')}`;
  const url = joinUrl(appUrl, `/objects/${key}`);
  const payload = new Uint8Array(randomBytes(1024));
  const steps: string[] = [];
  let ok = true;
  const step = async (method: string, expected: number, body?: Uint8Array) => {
    const attempt = await expectStatus(http, url, expected, { method, ...(body ? { body } : {}) });
    if (!attempt.ok) ok = false;
    return attempt;
  };

  const put = await step('PUT', 201, payload);
  // Unless PUT answered something other than 2xx, the object may exist and must be deleted.
  const mayExist = put.status === undefined || (put.status >= 200 && put.status < 300);
  if (!put.ok) {
    steps.push(put.detail);
  } else {
    steps.push('PUT 201');
    const get = await step('GET', 200);
    if (!get.ok) {
      steps.push(get.detail);
    } else if (Buffer.compare(Buffer.from(get.body!.bytes), Buffer.from(payload)) !== 0) {
      ok = false;
      steps.push(
        `GET ${url} → 200 but returned ${get.body!.bytes.length} bytes that differ from the ${payload.length} written`,
      );
    } else {
      steps.push('GET 200, bytes identical');
    }
  }

  // Always clean up what may have been written, whatever GET said.
  if (mayExist) {
    const del = await step('DELETE', 204);
    steps.push(del.ok ? 'DELETE 204' : del.detail);
  }
  return { ok, detail: `${key}: ${steps.join('; ')}` };
}

/** The canary object: proof that the app stores and returns data, not only that it answers. */
import { randomBytes } from 'node:crypto';
import { joinUrl, snippet, type Attempt, type Http } from './http';

export const CANARY_PREFIX = '.datahub-canary/';

/** Writes a random object through the app, reads it back byte for byte and deletes it again. */
export async function canary(http: Http, appUrl: string): Promise<Attempt> {
  const key = `${CANARY_PREFIX}${Date.now()}-${randomBytes(8).toString('hex')}`;
  const url = joinUrl(appUrl, `/objects/${key}`);
  const payload = new Uint8Array(randomBytes(1024));
  const steps: string[] = [];
  let ok = true;

  const put = await http.request('PUT', url, payload);
  let mayExist = true;
  if ('error' in put) {
    ok = false;
    steps.push(put.error);
  } else if (put.status !== 201) {
    ok = false;
    mayExist = put.status >= 200 && put.status < 300;
    steps.push(`PUT ${url} → ${put.status} (expected 201): ${snippet(put.text())}`);
  } else {
    steps.push('PUT 201');
    const get = await http.request('GET', url);
    if ('error' in get) {
      ok = false;
      steps.push(get.error);
    } else if (get.status !== 200) {
      ok = false;
      steps.push(`GET ${url} → ${get.status} (expected 200): ${snippet(get.text())}`);
    } else if (Buffer.compare(Buffer.from(get.bytes), Buffer.from(payload)) !== 0) {
      ok = false;
      steps.push(
        `GET ${url} → 200 but returned ${get.bytes.length} bytes that differ from the ${payload.length} written`,
      );
    } else {
      steps.push('GET 200, bytes identical');
    }
  }

  // Always clean up what may have been written, whatever GET said.
  if (mayExist) {
    const del = await http.request('DELETE', url);
    if ('error' in del) {
      ok = false;
      steps.push(del.error);
    } else if (del.status !== 204) {
      ok = false;
      steps.push(`DELETE ${url} → ${del.status} (expected 204): ${snippet(del.text())}`);
    } else {
      steps.push('DELETE 204');
    }
  }
  return { ok, detail: `${key}: ${steps.join('; ')}` };
}

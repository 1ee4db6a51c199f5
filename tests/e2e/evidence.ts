import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../support/pulumi-program';

export const E2E_ARTIFACTS = path.join(REPO, 'artifacts', 'e2e');

export function writeEvidence(file: string, content: string): string {
  mkdirSync(E2E_ARTIFACTS, { recursive: true });
  const target = path.join(E2E_ARTIFACTS, file);
  writeFileSync(target, content);
  return target;
}

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** A PNG of a page, from Debian's headless Chromium; fails naming the install step when it is missing. */
export function screenshot(url: string, file: string): Promise<string> {
  const binary = CHROMIUM.find((c) => existsSync(c));
  if (!binary) {
    return Promise.reject(
      new Error(
        'chromium is not installed: apt-get install -y chromium (or run `npm run test:all`, which installs it)',
      ),
    );
  }
  mkdirSync(E2E_ARTIFACTS, { recursive: true });
  const target = path.join(E2E_ARTIFACTS, file);
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${path.join(E2E_ARTIFACTS, '.chromium-profile')}`,
    '--window-size=1400,1000',
    '--virtual-time-budget=3000',
    `--screenshot=${target}`,
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: 60_000 }, (err, _stdout, stderr) => {
      if (err || !existsSync(target))
        reject(new Error(`chromium could not screenshot ${url}: ${err?.message ?? ''}\n${stderr}`));
      else resolve(target);
    });
  });
}

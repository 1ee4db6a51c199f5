/**
 * contracts/images.json, the image pins the offline image scripts read, is generated from the
 * defaults in infra/config.ts; the stacks those stand-ins serve and the app's Dockerfile pin
 * the same images.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseStackConfig } from '../../../infra/config';
import { IMAGE_PINS_FILE, imagePinsJson } from '../../../scripts/images/image-pins';
import { REPO, stackConfig } from '../../support/pulumi-program';

const pins = (JSON.parse(readFileSync(IMAGE_PINS_FILE, 'utf8')) as { images: Record<string, string> }).images;

describe('contracts/images.json', () => {
  it('is current: regenerate it with `npx ts-node scripts/images/image-pins.ts` when this fails', () => {
    expect(readFileSync(IMAGE_PINS_FILE, 'utf8')).toBe(imagePinsJson());
  });

  it('pins every datahub:images key', () => {
    expect(Object.keys(pins).sort()).toEqual(Object.keys(parseStackConfig('defaults', {}).images).sort());
  });

  it.each(['dev', 'e2e'])('holds the images the %s stack pins, which the offline stand-ins are built as', (stack) => {
    expect(parseStackConfig(stack, stackConfig(stack)).images).toEqual(pins);
  });

  it("holds the app Dockerfile's default base image", () => {
    const dockerfile = readFileSync(path.join(REPO, 'app', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`ARG BASE_IMAGE=${pins.nodeBase}\n`);
  });
});

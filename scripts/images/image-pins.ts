/**
 * contracts/images.json: the image every `datahub:images` key pins by default (infra/config/shared-schema.ts),
 * for the shell scripts that build and check images offline (scripts/images/lib.sh reads it).
 * Written by `npx ts-node scripts/images/image-pins.ts`; tests/unit/infra/image-pins.test.ts
 * fails when the file no longer matches the defaults.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseStackConfig } from '../../infra/config';

export const IMAGE_PINS_FILE = path.resolve(__dirname, '..', '..', 'contracts', 'images.json');

/** The text of contracts/images.json. Pure. */
export function imagePinsJson(): string {
  const { images } = parseStackConfig('defaults', {});
  const file = {
    generatedBy:
      'npx ts-node scripts/images/image-pins.ts, from the datahub:images defaults in infra/config/shared-schema.ts',
    images,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

if (require.main === module) writeFileSync(IMAGE_PINS_FILE, imagePinsJson());

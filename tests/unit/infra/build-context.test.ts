import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_DIR } from '../../../infra/services/app';
import { contextDigest, contextFiles } from '../../../infra/services/build-context';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'datahub-context-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('the app build context', () => {
  it('holds only what app/.dockerignore lets through: manifests, TypeScript configs and src/', () => {
    const files = contextFiles(APP_DIR);
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'src/main.ts']),
    );
    expect(files.filter((f) => !/^(package(-lock)?\.json|tsconfig(\.\w+)?\.json|src\/.+)$/.test(f))).toEqual([]);
    expect(files.some((f) => f.includes('node_modules') || f.startsWith('dist/'))).toBe(false);
  });
});

describe('contextDigest', () => {
  const ignore = '*\n!src\n**/*.md\n';
  it('is the same for the same content and build args', () => {
    const a = tree({ '.dockerignore': ignore, 'src/a.ts': 'one' });
    const b = tree({ '.dockerignore': ignore, 'src/a.ts': 'one' });
    expect(contextDigest(a, { X: '1' })).toBe(contextDigest(b, { X: '1' }));
  });

  it('changes when a file in the context changes, or a build arg does', () => {
    const base = contextDigest(tree({ '.dockerignore': ignore, 'src/a.ts': 'one' }));
    expect(contextDigest(tree({ '.dockerignore': ignore, 'src/a.ts': 'two' }))).not.toBe(base);
    expect(contextDigest(tree({ '.dockerignore': ignore, 'src/a.ts': 'one' }), { BASE_IMAGE: 'x' })).not.toBe(base);
  });

  it('ignores files the .dockerignore keeps out of the context', () => {
    const base = contextDigest(tree({ '.dockerignore': ignore, 'src/a.ts': 'one' }));
    expect(
      contextDigest(
        tree({ '.dockerignore': ignore, 'src/a.ts': 'one', 'notes.md': 'x', 'src/README.md': 'y', 'dist/a.js': 'z' }),
      ),
    ).toBe(base);
  });
});

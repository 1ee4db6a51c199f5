import { runProgram, type ProgramRun } from '../../support/pulumi-program';
import { CONTAINER, IMAGE } from './program-expectations';

const pinned = `sha256:${'c'.repeat(64)}`;
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('dev', { overrides: { 'datahub:appImage': pinned } });
}, 30_000);

describe('a stack with datahub:appImage set (how a rollback pins the last good app image)', () => {
  it('runs that image and builds nothing from app/', () => {
    expect(run.byType(IMAGE).map((r) => r.name)).toEqual(['object-store-image']);
    expect(run.one(CONTAINER, 'app-app').inputs.image).toBe(pinned);
    expect(run.outputs.appImageDigest).toBe(pinned);
  });
});

import { runProgram, type ProgramRun } from '../../support/pulumi-program';
import { CONTAINER, allStrings } from './program-expectations';
import { RECEIVER_OVERRIDES, RECEIVER_SECRET_KEYS, SLACK, SMTP } from './receiver-secrets';

let run: ProgramRun;

beforeAll(async () => {
  run = await runProgram('dev', { overrides: RECEIVER_OVERRIDES, secretKeys: RECEIVER_SECRET_KEYS });
}, 30_000);

describe('receiver secrets set with `pulumi config set --secret`', () => {
  it('reach Alertmanager only as secret file uploads next to its config', () => {
    const am = run.one(CONTAINER, 'monitoring-alertmanager');
    const uploads = am.inputs.uploads as { file: string; content: string }[];
    const index = (file: string) => uploads.findIndex((u) => u.file === file);
    const slack = index('/etc/alertmanager/secrets/slack-webhook-url');
    const smtp = index('/etc/alertmanager/secrets/smtp-password');
    expect(uploads[slack]!.content).toBe(SLACK);
    expect(uploads[smtp]!.content).toBe(SMTP);
    expect(am.secretInputs).toEqual(new Set([`uploads[${slack}].content`, `uploads[${smtp}].content`]));
  });

  it('appear in no other input of any resource, and not in the rendered alertmanager.yml', () => {
    for (const r of run.resources) {
      const visible = allStrings({
        ...r.inputs,
        uploads: (r.inputs.uploads as { file: string }[] | undefined)?.filter((u) => !u.file.includes('/secrets/')),
      });
      expect({ resource: r.name, leaks: visible.filter((s) => s.includes(SLACK) || s.includes(SMTP)) }).toEqual({
        resource: r.name,
        leaks: [],
      });
    }
  });
});

import { isPinnedByDigest } from './image-refs';
import type { SharedSettings } from './shared-schema';

/** Alert receivers whose parts only work together: a Slack channel and its webhook, the email fields, SMTP login. */
export function receiverProblems(
  stack: string,
  alerting: SharedSettings['alerting'],
  secrets: { readonly slackWebhookUrl: boolean; readonly smtpPassword: boolean },
): string[] {
  const problems: string[] = [];
  const setSecret = (key: string) => `\`pulumi config set --secret --stack ${stack} datahub:${key} <value>\``;
  const { slackChannel, emailTo, emailFrom, smtpSmarthost, smtpUsername } = alerting;
  if (slackChannel && !secrets.slackWebhookUrl) {
    problems.push(`datahub:alerting.slackChannel is set but the Slack webhook is not: ${setSecret('slackWebhookUrl')}`);
  }
  if (secrets.slackWebhookUrl && !slackChannel) {
    problems.push(
      'datahub:slackWebhookUrl is set but datahub:alerting.slackChannel is not: name the channel, such as #datahub-alerts',
    );
  }
  const email = [emailTo, emailFrom, smtpSmarthost];
  if (email.some(Boolean) && !email.every(Boolean)) {
    problems.push('datahub:alerting.emailTo, emailFrom and smtpSmarthost go together: set all three, or none');
  }
  if (smtpUsername && !secrets.smtpPassword) {
    problems.push(`datahub:alerting.smtpUsername is set but the SMTP password is not: ${setSecret('smtpPassword')}`);
  }
  return problems;
}

/** Images not pinned by digest where they must be: with datahub:pinImagesByDigest, which prod requires. */
export function imagePinningProblems(
  stack: string,
  config: Pick<SharedSettings, 'images' | 'pinImagesByDigest'>,
): string[] {
  const problems: string[] = [];
  if (config.pinImagesByDigest) {
    for (const [name, image] of Object.entries(config.images)) {
      if (!isPinnedByDigest(image)) {
        problems.push(
          `datahub:images.${name} "${image}" must be pinned by digest on this stack (datahub:pinImagesByDigest is true): use "${image}@sha256:<digest>"`,
        );
      }
    }
  }
  if (stack === 'prod' && !config.pinImagesByDigest) {
    problems.push(
      'datahub:pinImagesByDigest must be true on the prod stack (got false): prod runs only images pinned by digest',
    );
  }
  return problems;
}

/** Slack and email receivers whose webhook URL and SMTP password are set with `pulumi config set --secret`. */
export const SLACK = 'https://hooks.slack.example/T0/B0/secret-token';
export const SMTP = 'smtp-secret-password';

export const RECEIVER_OVERRIDES = {
  'datahub:alerting': {
    slackChannel: '#datahub-alerts',
    emailTo: 'oncall@example.com',
    emailFrom: 'alertmanager@example.com',
    smtpSmarthost: 'smtp.example.com:587',
    smtpUsername: 'alertmanager',
  },
  'datahub:slackWebhookUrl': SLACK,
  'datahub:smtpPassword': SMTP,
};

export const RECEIVER_SECRET_KEYS = ['datahub:slackWebhookUrl', 'datahub:smtpPassword'];

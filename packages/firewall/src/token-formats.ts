/**
 * The token formats found by a literal prefix and a run of body characters (`scanPrefixed` in
 * token-rules.ts reads them); the checks of their inner structure are in token-shapes.ts.
 */
import type { RuleId } from './config.js';
import {
  ALNUM,
  ALNUM_UNDERSCORE,
  BASE64URL,
  BASE64URL_DOT,
  BASE64,
  BASE64_BODY,
  BASE64_UNDERSCORE,
  LOWER_ALNUM,
  BASE64URL_DOT_EQ,
  BASE64URL_EQ,
  BECH32_UPPER,
  DATABRICKS,
  GITLAB_TOKEN,
  HEX,
  HEX_DASH,
  LETTER,
  LOWER_HEX,
  SLACK_TOKEN,
  UPPER_DIGITS,
  UPPER_DIGITS_DASH,
  WEBHOOK_PATH,
  type CharClass,
} from './chars.js';
import {
  discordShape,
  flutterwaveShape,
  onePasswordKeyShape,
  paddedShape,
  sentryOrgShape,
  sourcegraphShape,
  twoParts,
} from './token-shapes.js';

/**
 * A token format recognised by a literal prefix and a run of body characters. The whole token
 * (prefix included) is the secret, unless `keepPrefix` (webhook URLs keep their host readable).
 * Neither side may touch another letter or digit, so `xAKIA…` or a 30-character `AKIA…` run is
 * left alone.
 */
export interface PrefixedToken {
  rule: RuleId;
  prefixes: readonly string[];
  body: CharClass;
  /** Body length bounds (after the prefix). */
  min: number;
  max: number;
  /** Hash the body only. */
  keepPrefix?: boolean;
  /** A further check of the body at [start, end) (its inner structure). */
  check?: (text: string, start: number, end: number) => boolean;
  /** Rejects bodies with a run of 8 identical characters (`npm_xxxx…` in docs). */
  rejectRuns?: boolean;
  /** The pre-filter's keywords when a prefix is shorter than 3 characters. */
  keywords?: readonly string[];
}

const HEX_DIGITS = '0123456789abcdefABCDEF';

// Formats from the providers' own documentation, cross-checked against the public gitleaks rule
// set (https://github.com/gitleaks/gitleaks, MIT licence, `cmd/generate/config/rules/*.go`; see
// SOURCES.md). The scanners below are written for this package, not copied.
// GitHub https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
// GitLab https://docs.gitlab.com/security/tokens/#token-prefixes
// Slack  https://docs.slack.dev/authentication/tokens
// AWS    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
// Stripe https://docs.stripe.com/keys
// Google https://cloud.google.com/docs/authentication/api-keys
export const PREFIXED_TOKENS: readonly PrefixedToken[] = [
  {
    rule: 'github-token',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    body: ALNUM,
    min: 36,
    max: 251,
  },
  { rule: 'github-token', prefixes: ['github_pat_'], body: ALNUM_UNDERSCORE, min: 40, max: 244 },
  {
    rule: 'gitlab-token',
    prefixes: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-'],
    body: GITLAB_TOKEN,
    min: 20,
    max: 200,
  },
  {
    rule: 'slack-token',
    prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-'],
    body: SLACK_TOKEN,
    min: 10,
    max: 250,
  },
  {
    rule: 'aws-access-key-id',
    prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    body: UPPER_DIGITS,
    min: 16,
    max: 16,
  },
  {
    rule: 'stripe-key',
    prefixes: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'],
    body: ALNUM,
    min: 16,
    max: 247,
  },
  { rule: 'google-api-key', prefixes: ['AIza'], body: BASE64URL, min: 35, max: 35 },
  // OpenAI project, service-account and admin keys (the legacy `sk-…T3BlbkFJ…` form: scanOpenAiLegacy).
  {
    rule: 'openai-api-key',
    prefixes: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    body: BASE64URL,
    min: 40,
    max: 250,
    rejectRuns: true,
  },
  // Anthropic API, admin and OAuth keys: `sk-ant-api03-…`, `sk-ant-admin01-…`, `sk-ant-oat01-…`.
  {
    rule: 'anthropic-api-key',
    prefixes: ['sk-ant-'],
    body: BASE64URL,
    min: 40,
    max: 250,
    rejectRuns: true,
  },
  {
    rule: 'sendgrid-api-key',
    prefixes: ['SG.'],
    body: BASE64URL_DOT,
    min: 66,
    max: 66,
    check: twoParts(46, 22, 43, BASE64URL),
    rejectRuns: true,
  },
  {
    rule: 'slack-webhook-url',
    prefixes: [
      'hooks.slack.com/services/',
      'hooks.slack.com/workflows/',
      'hooks.slack.com/triggers/',
    ],
    body: WEBHOOK_PATH,
    min: 40,
    max: 120,
    keepPrefix: true,
    rejectRuns: true,
  },
  {
    rule: 'discord-webhook-url',
    prefixes: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    body: WEBHOOK_PATH,
    min: 78,
    max: 121,
    keepPrefix: true,
    check: discordShape,
    rejectRuns: true,
  },
  { rule: 'npm-token', prefixes: ['npm_'], body: ALNUM, min: 36, max: 36, rejectRuns: true },
  {
    rule: 'huggingface-token',
    prefixes: ['hf_'],
    body: LETTER,
    min: 34,
    max: 34,
    rejectRuns: true,
  },
  {
    rule: 'twilio-api-key',
    prefixes: ['SK'],
    body: HEX,
    min: 32,
    max: 32,
    rejectRuns: true,
    keywords: Array.from(HEX_DIGITS, (digit) => `SK${digit}`),
  },
  // Atlassian API tokens (Jira, Confluence) and Bitbucket app passwords.
  { rule: 'atlassian-api-token', prefixes: ['ATATT3'], body: BASE64URL_EQ, min: 150, max: 250 },
  {
    rule: 'atlassian-api-token',
    prefixes: ['ATBB'],
    body: ALNUM,
    min: 28,
    max: 40,
    rejectRuns: true,
  },
  { rule: 'pypi-token', prefixes: ['pypi-AgEIcHlwaS5vcmc'], body: BASE64URL, min: 50, max: 300 },
  {
    rule: 'digitalocean-token',
    prefixes: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    body: LOWER_HEX,
    min: 64,
    max: 64,
    rejectRuns: true,
  },
  {
    rule: 'shopify-token',
    prefixes: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    body: HEX,
    min: 32,
    max: 32,
    rejectRuns: true,
  },
  // Scalingo https://doc.scalingo.com/platform/cli/features#api-tokens (gitleaks `scalingo-api-token`)
  { rule: 'scalingo-api-token', prefixes: ['tk-us-'], body: BASE64URL, min: 48, max: 48 },
  // Doppler personal tokens (gitleaks `doppler-api-token`; gitleaks reads them case-insensitively).
  { rule: 'doppler-token', prefixes: ['dp.pt.'], body: ALNUM, min: 43, max: 43, rejectRuns: true },
  {
    rule: 'linear-api-key',
    prefixes: ['lin_api_'],
    body: ALNUM,
    min: 40,
    max: 40,
    rejectRuns: true,
  },
  // New Relic user API keys, insert keys and browser keys (gitleaks `new-relic-*`).
  { rule: 'new-relic-key', prefixes: ['NRAK-'], body: ALNUM, min: 27, max: 27, rejectRuns: true },
  {
    rule: 'new-relic-key',
    prefixes: ['NRII-'],
    body: SLACK_TOKEN,
    min: 32,
    max: 32,
    rejectRuns: true,
  },
  { rule: 'new-relic-key', prefixes: ['NRJS-'], body: HEX, min: 19, max: 19, rejectRuns: true },
  {
    rule: 'postman-api-token',
    prefixes: ['PMAK-'],
    body: HEX_DASH,
    min: 59,
    max: 59,
    check: twoParts(45, 24, 34, HEX),
    rejectRuns: true,
  },
  {
    rule: 'pulumi-api-token',
    prefixes: ['pul-'],
    body: LOWER_HEX,
    min: 40,
    max: 40,
    rejectRuns: true,
  },
  {
    rule: 'rubygems-api-token',
    prefixes: ['rubygems_'],
    body: LOWER_HEX,
    min: 48,
    max: 48,
    rejectRuns: true,
  },
  // HashiCorp Vault service and batch tokens (the legacy `s.` form is too short a prefix to tell).
  { rule: 'vault-token', prefixes: ['hvs.'], body: BASE64URL, min: 90, max: 120, rejectRuns: true },
  {
    rule: 'vault-token',
    prefixes: ['hvb.'],
    body: BASE64URL,
    min: 138,
    max: 300,
    rejectRuns: true,
  },
  {
    rule: 'databricks-api-token',
    prefixes: ['dapi'],
    body: DATABRICKS,
    min: 32,
    max: 32,
    rejectRuns: true,
  },
  {
    rule: 'planetscale-token',
    prefixes: ['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'],
    body: BASE64URL_DOT_EQ,
    min: 32,
    max: 64,
    rejectRuns: true,
  },
  // Grafana API keys (the older `eyJrIjoi…`, base64 JSON without a dot, so not a JWT), Grafana
  // Cloud API tokens and service account tokens (gitleaks `grafana-*`).
  {
    rule: 'grafana-token',
    prefixes: ['eyJrIjoi'],
    body: BASE64,
    min: 70,
    max: 403,
    check: (text, start, end) => paddedShape(text, start, end, ALNUM, 70),
    rejectRuns: true,
  },
  {
    rule: 'grafana-token',
    prefixes: ['glc_'],
    body: BASE64,
    min: 32,
    max: 403,
    check: (text, start, end) => paddedShape(text, start, end, BASE64_BODY, 32),
    rejectRuns: true,
  },
  {
    rule: 'grafana-token',
    prefixes: ['glsa_'],
    body: ALNUM_UNDERSCORE,
    min: 41,
    max: 41,
    check: twoParts(95, 32, 8, ALNUM, HEX),
    rejectRuns: true,
  },
  { rule: 'heroku-api-key', prefixes: ['HRKU-AA'], body: BASE64URL, min: 58, max: 58 },
  // age https://github.com/FiloSottile/age: Bech32 `AGE-SECRET-KEY-1` + 58 characters.
  { rule: 'age-secret-key', prefixes: ['AGE-SECRET-KEY-1'], body: BECH32_UPPER, min: 58, max: 58 },
  { rule: 'groq-api-key', prefixes: ['gsk_'], body: ALNUM, min: 48, max: 48, rejectRuns: true },
  // 1Password service account tokens (base64 JSON) and account secret keys.
  {
    rule: '1password-token',
    prefixes: ['ops_eyJ'],
    body: BASE64,
    min: 250,
    max: 8192,
    check: (text, start, end) => paddedShape(text, start, end, BASE64_BODY, 250),
    rejectRuns: true,
  },
  {
    rule: '1password-token',
    prefixes: ['A3-'],
    body: UPPER_DIGITS_DASH,
    min: 36,
    max: 37,
    check: onePasswordKeyShape,
    rejectRuns: true,
  },
  // Fly.io https://fly.io/docs/security/tokens/ (gitleaks `flyio-access-token`).
  { rule: 'flyio-token', prefixes: ['fo1_'], body: BASE64URL, min: 43, max: 43, rejectRuns: true },
  {
    rule: 'flyio-token',
    prefixes: ['fm1a_', 'fm1r_', 'fm2_'],
    body: BASE64,
    min: 100,
    max: 8192,
    check: (text, start, end) => paddedShape(text, start, end, BASE64_BODY, 100),
    rejectRuns: true,
  },
  {
    rule: 'prefect-api-token',
    prefixes: ['pnu_'],
    body: ALNUM,
    min: 36,
    max: 36,
    rejectRuns: true,
  },
  // LangSmith personal and service keys: 32 and 10 lower-case letters or digits around a `_`.
  {
    rule: 'langsmith-api-key',
    prefixes: ['lsv2_pt_', 'lsv2_sk_'],
    body: ALNUM_UNDERSCORE,
    min: 43,
    max: 43,
    check: twoParts(95, 32, 10, LOWER_ALNUM),
    rejectRuns: true,
  },
  {
    rule: 'dynatrace-api-token',
    prefixes: ['dt0c01.'],
    body: BASE64URL_DOT,
    min: 89,
    max: 89,
    check: twoParts(46, 24, 64, ALNUM),
    rejectRuns: true,
  },
  // Brevo (formerly Sendinblue; gitleaks `sendinblue-api-token`): 64 hex, `-`, 16 letters/digits.
  {
    rule: 'brevo-api-key',
    prefixes: ['xkeysib-'],
    body: SLACK_TOKEN,
    min: 81,
    max: 81,
    check: twoParts(45, 64, 16, ALNUM),
    rejectRuns: true,
  },
  {
    rule: 'shippo-api-token',
    prefixes: ['shippo_live_', 'shippo_test_'],
    body: LOWER_HEX,
    min: 40,
    max: 40,
    rejectRuns: true,
  },
  {
    rule: 'duffel-api-token',
    prefixes: ['duffel_test_', 'duffel_live_'],
    body: BASE64URL_EQ,
    min: 43,
    max: 43,
    rejectRuns: true,
  },
  {
    rule: 'easypost-api-token',
    prefixes: ['EZAK', 'EZTK'],
    body: ALNUM,
    min: 54,
    max: 54,
    rejectRuns: true,
  },
  // Sentry user auth tokens and organization tokens (gitleaks `sentry-user-token`, `-org-token`).
  {
    rule: 'sentry-token',
    prefixes: ['sntryu_'],
    body: LOWER_HEX,
    min: 64,
    max: 64,
    rejectRuns: true,
  },
  {
    rule: 'sentry-token',
    prefixes: ['sntrys_eyJpYXQiO'],
    body: BASE64_UNDERSCORE,
    min: 64,
    max: 460,
    check: sentryOrgShape,
    rejectRuns: true,
  },
  {
    rule: 'clojars-api-token',
    prefixes: ['CLOJARS_'],
    body: ALNUM,
    min: 60,
    max: 60,
    rejectRuns: true,
  },
  // Square access tokens and application secrets (gitleaks `square-access-token`, `square-secret`;
  // the bare `EAAA…` access-token form is not read: it needs no prefix a pre-filter can use).
  {
    rule: 'square-token',
    prefixes: ['sq0atp-'],
    body: BASE64URL,
    min: 22,
    max: 60,
    rejectRuns: true,
  },
  {
    rule: 'square-token',
    prefixes: ['sq0csp-'],
    body: BASE64URL,
    min: 43,
    max: 43,
    rejectRuns: true,
  },
  // Flutterwave (https://developer.flutterwave.com/docs/integration-guides/authentication: test
  // keys carry `_TEST` in the prefix): `FLWSECK_TEST-…-X`, live `FLWSECK-…-X`, and the test
  // encryption key `FLWSECK_TEST-` + 12 (gitleaks `flutterwave-*`). Public keys (`FLWPUBK…`) are
  // public.
  {
    rule: 'flutterwave-secret-key',
    prefixes: ['FLWSECK_TEST-'],
    body: BASE64URL,
    min: 12,
    max: 34,
    check: flutterwaveShape(true),
    rejectRuns: true,
  },
  {
    rule: 'flutterwave-secret-key',
    prefixes: ['FLWSECK-'],
    body: BASE64URL,
    min: 34,
    max: 34,
    check: flutterwaveShape(false),
    rejectRuns: true,
  },
  {
    rule: 'frameio-api-token',
    prefixes: ['fio-u-'],
    body: BASE64URL_EQ,
    min: 64,
    max: 64,
    rejectRuns: true,
  },
  // Alibaba Cloud AccessKey ids (gitleaks `alibaba-access-key-id`), like AWS's `AKIA…` ids.
  {
    rule: 'alibaba-access-key-id',
    prefixes: ['LTAI'],
    body: ALNUM,
    min: 20,
    max: 20,
    rejectRuns: true,
  },
  {
    rule: 'adobe-client-secret',
    prefixes: ['p8e-'],
    body: ALNUM,
    min: 32,
    max: 32,
    rejectRuns: true,
  },
  {
    rule: 'readme-api-token',
    prefixes: ['rdme_'],
    body: LOWER_ALNUM,
    min: 70,
    max: 70,
    rejectRuns: true,
  },
  {
    rule: 'perplexity-api-key',
    prefixes: ['pplx-'],
    body: ALNUM_UNDERSCORE,
    min: 48,
    max: 48,
    rejectRuns: true,
  },
  // JFrog Artifactory API keys and reference tokens (`cmVmd` is base64 for `ref`).
  {
    rule: 'artifactory-token',
    prefixes: ['AKCp'],
    body: ALNUM,
    min: 69,
    max: 69,
    rejectRuns: true,
  },
  {
    rule: 'artifactory-token',
    prefixes: ['cmVmd'],
    body: ALNUM,
    min: 59,
    max: 59,
    rejectRuns: true,
  },
  // OpenShift 4 user tokens (gitleaks `openshift-user-token`).
  {
    rule: 'openshift-user-token',
    prefixes: ['sha256~'],
    body: BASE64URL,
    min: 43,
    max: 43,
    rejectRuns: true,
  },
  {
    rule: 'intra42-client-secret',
    prefixes: ['s-s4t2ud-', 's-s4t2af-'],
    body: HEX,
    min: 64,
    max: 64,
    rejectRuns: true,
  },
  // SettleMint personal, application and service access tokens.
  {
    rule: 'settlemint-token',
    prefixes: ['sm_pat_', 'sm_aat_', 'sm_sat_'],
    body: ALNUM,
    min: 12,
    max: 256,
    rejectRuns: true,
  },
  {
    rule: 'cloudflare-origin-ca-key',
    prefixes: ['v1.0-'],
    body: HEX_DASH,
    min: 171,
    max: 171,
    check: twoParts(45, 24, 146, LOWER_HEX),
    rejectRuns: true,
  },
  // Sourcegraph access tokens: `sgp_local_` + 40 hex, `sgp_` + 40 hex or 16 hex `_` 40 hex.
  {
    rule: 'sourcegraph-token',
    prefixes: ['sgp_local_'],
    body: HEX,
    min: 40,
    max: 40,
    rejectRuns: true,
  },
  {
    rule: 'sourcegraph-token',
    prefixes: ['sgp_'],
    body: ALNUM_UNDERSCORE,
    min: 40,
    max: 57,
    check: sourcegraphShape,
    rejectRuns: true,
  },
  // Typeform personal access tokens (gitleaks `typeform-api-token`).
  {
    rule: 'typeform-api-token',
    prefixes: ['tfp_'],
    body: BASE64URL_DOT_EQ,
    min: 59,
    max: 59,
    rejectRuns: true,
  },
];

import { z } from 'zod';

/** Every rule the firewall knows, in the order the README documents them. */
export const RULE_IDS = [
  'private-key',
  'github-token',
  'gitlab-token',
  'slack-token',
  'aws-access-key-id',
  'aws-secret-access-key',
  'stripe-key',
  'google-api-key',
  'openai-api-key',
  'anthropic-api-key',
  'sendgrid-api-key',
  'slack-webhook-url',
  'discord-webhook-url',
  'npm-token',
  'huggingface-token',
  'twilio-api-key',
  'azure-ad-client-secret',
  'atlassian-api-token',
  'pypi-token',
  'digitalocean-token',
  'shopify-token',
  'scalingo-api-token',
  'doppler-token',
  'linear-api-key',
  'new-relic-key',
  'postman-api-token',
  'pulumi-api-token',
  'rubygems-api-token',
  'vault-token',
  'databricks-api-token',
  'planetscale-token',
  'grafana-token',
  'heroku-api-key',
  'age-secret-key',
  'groq-api-key',
  '1password-token',
  'flyio-token',
  'prefect-api-token',
  'langsmith-api-key',
  'dynatrace-api-token',
  'brevo-api-key',
  'shippo-api-token',
  'duffel-api-token',
  'easypost-api-token',
  'clojars-api-token',
  'sentry-token',
  'square-token',
  'flutterwave-secret-key',
  'frameio-api-token',
  'alibaba-access-key-id',
  'adobe-client-secret',
  'readme-api-token',
  'perplexity-api-key',
  'artifactory-token',
  'typeform-api-token',
  'openshift-user-token',
  'intra42-client-secret',
  'settlemint-token',
  'cloudflare-origin-ca-key',
  'sourcegraph-token',
  'jwt',
  'url-credentials',
  'secret-assignment',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** The issue's default list: files that are secrets as a whole, whatever their content. */
export const DEFAULT_BLOCKED_PATHS: readonly string[] = [
  '.env',
  '.env.*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '*.keystore',
  '*.jks',
  '.npmrc',
  '.pypirc',
  '.netrc',
  'credentials.json',
];

/** Longest line scanned as one piece; longer lines are cut into pieces of this many characters. */
export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

const RulesSchema = z
  .object(
    Object.fromEntries(RULE_IDS.map((id) => [id, z.boolean().default(true)])) as Record<
      RuleId,
      z.ZodDefault<z.ZodBoolean>
    >,
  )
  .prefault({});

/**
 * The firewall's configuration. Everything but `hashKey` has a default, so `{ hashKey }` is a
 * complete config. Unknown fields are dropped (zod's default), so an older gateway accepts a newer
 * admin payload.
 */
export const FirewallConfigSchema = z.object({
  /** When false the firewall passes everything through unchanged and reports nothing. */
  enabled: z.boolean().default(true),
  /**
   * picomatch globs. A pattern without `/` matches the basename in any directory (`.env`,
   * `*.pem`); a pattern with `/` matches the whole path (`config/secrets/**`). Dotfiles match.
   */
  blockedPaths: z
    .array(z.string().min(1).max(1024))
    .max(1000)
    .default(() => [...DEFAULT_BLOCKED_PATHS]),
  /** Rules on (true, the default) or off. */
  rules: RulesSchema,
  /**
   * Key of the HMAC-SHA256 behind every `[hashed:sha256:…]` marker: the same value gives the same
   * marker under one key. Keep it secret, or short values (passwords) can be guessed from markers.
   */
  hashKey: z.string().min(16, 'hashKey must be at least 16 characters'),
  /** See DEFAULT_MAX_LINE_LENGTH. */
  maxLineLength: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(DEFAULT_MAX_LINE_LENGTH),
});

/** A validated config, every default filled in. */
export type FirewallConfig = z.infer<typeof FirewallConfigSchema>;
/** What callers pass: defaults may be left out. */
export type FirewallConfigInput = z.input<typeof FirewallConfigSchema>;

export { createFirewall, type Firewall, type FileInput, type FileOutput } from './firewall.js';
export {
  FirewallConfigSchema,
  DEFAULT_BLOCKED_PATHS,
  DEFAULT_MAX_LINE_LENGTH,
  RULE_IDS,
  type FirewallConfig,
  type FirewallConfigInput,
  type RuleId,
} from './config.js';
export type { FirewallReport, FileReport, RuleCounts } from './report.js';
export type { FirewallStream } from './stream.js';

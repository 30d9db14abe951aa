import { fileContentPath, type FileContent } from '@scm/core';
import type { FirewallService } from '../../firewall-service.js';
import { gatewayError } from '../../http/errors.js';

/** What `GET …/files/content` answers: the adapter's `FileContent` without the provider payload. */
export type PublicFileContent = Omit<FileContent, 'raw'>;

/**
 * One file's content through the firewall, as diffs go through it for platform tokens: a path the
 * firewall blocks (`.env`, `*.pem`, `secrets/**`…) is refused with ACCESS_BLOCKED_BY_POLICY before
 * the provider is asked; a text file's secret-like values are masked as in a diff; a binary file
 * is refused, since the firewall scans text only (a diff leaves binary files' content out too).
 * Without the firewall (a legacy connection id, or the firewall disabled) the content is as read.
 */
export async function readFileThroughFirewall(input: {
  firewall: FirewallService;
  /** Whether the caller's token goes through the firewall (platform tokens do). */
  filtered: boolean;
  provider: string;
  path: string;
  read: (path: string) => Promise<FileContent>;
}): Promise<PublicFileContent> {
  const path = fileContentPath(input.path, input.provider);
  const firewall = input.filtered ? input.firewall.current() : undefined;
  const active = firewall !== undefined && firewall.config.enabled;
  if (active && firewall.isPathBlocked(path))
    throw gatewayError(
      'ACCESS_BLOCKED_BY_POLICY',
      `The firewall blocks ${JSON.stringify(path.slice(0, 300))} (one of the operator's blocked file patterns, as in diffs and the file tree): its content is never served to platform tokens.`,
      { provider: input.provider },
    );
  const { raw: _raw, ...plain } = await input.read(path);
  if (!active) return plain;
  if (plain.encoding !== 'utf-8')
    throw gatewayError(
      'ACCESS_BLOCKED_BY_POLICY',
      `${JSON.stringify(path.slice(0, 300))} is a binary file: the firewall scans text only, so binary content is not served to platform tokens (diffs leave it out too).`,
      { provider: input.provider },
    );
  const { file } = firewall.applyToFile({ path, content: plain.content });
  if (file.blocked || file.content === null)
    throw gatewayError(
      'ACCESS_BLOCKED_BY_POLICY',
      `The firewall blocks ${JSON.stringify(path.slice(0, 300))}: its content is never served to platform tokens.`,
      { provider: input.provider },
    );
  return { ...plain, content: file.content };
}

import type { Actor, Commit, DiffFile } from '@scm/core';
import {
  WireSimpleUserSchema,
  type WireCommit,
  type WireDiffEntry,
  type WireSimpleUser,
} from './github-schemas.js';
import { base, timestamp, type MapContext } from './map-common.js';

type GitUser = WireCommit['commit']['author'];

function account(wire: WireCommit['author']): WireSimpleUser | null {
  const parsed = WireSimpleUserSchema.safeParse(wire);
  return parsed.success ? parsed.data : null;
}

function mapActor(gitUser: GitUser, user: WireSimpleUser | null): Actor {
  return {
    id: user === null ? null : String(user.id),
    login: user?.login ?? null,
    name: gitUser?.name ?? null,
    email: gitUser?.email ?? null,
    avatarUrl: user?.avatar_url ?? null,
  };
}

export function mapCommit(wire: WireCommit, context: MapContext): Commit {
  return {
    ...base(wire, context),
    sha: wire.sha,
    message: wire.commit.message,
    author: mapActor(wire.commit.author, account(wire.author)),
    committer: mapActor(wire.commit.committer, account(wire.committer)),
    authoredAt: timestamp(wire.commit.author?.date),
    committedAt: timestamp(wire.commit.committer?.date),
    parents: wire.parents.map((parent) => parent.sha),
    webUrl: wire.html_url ?? null,
  };
}

const FILE_STATUS: Readonly<Record<string, DiffFile['status']>> = {
  added: 'added',
  removed: 'removed',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  changed: 'changed',
  // A file listed without content changes (a mode change, a rename with no edit).
  unchanged: 'changed',
};

/**
 * One file of a commit or pull request diff. GitHub leaves `patch` out for binary files and for
 * diffs too large to show; the file list does not say which, so a file is taken as binary only
 * when it has no patch and no changed lines (a too-large text diff still counts its lines) and
 * was added, modified or removed.
 */
export function mapDiffEntry(wire: WireDiffEntry): DiffFile {
  const binary =
    wire.patch === undefined &&
    wire.additions === 0 &&
    wire.deletions === 0 &&
    // A pure rename or a mode change has no lines and no patch either.
    (wire.status === 'added' || wire.status === 'modified' || wire.status === 'removed');
  return {
    path: wire.filename,
    previousPath: wire.previous_filename ?? null,
    status: FILE_STATUS[wire.status] ?? 'changed',
    additions: wire.additions,
    deletions: wire.deletions,
    binary,
    patch: wire.patch ?? null,
  };
}

/** A file section of a `git diff` as `application/vnd.github.diff` returns it. */
interface Section {
  headerLines: string[];
  body: string;
}

function unquote(path: string): string {
  // git quotes paths with unusual characters ("a/tab\there"); keep such paths as printed.
  return path.startsWith('"') && path.endsWith('"') ? path.slice(1, -1) : path;
}

function stripPrefix(path: string, prefix: 'a/' | 'b/'): string {
  const bare = unquote(path);
  return bare.startsWith(prefix) ? bare.slice(prefix.length) : bare;
}

/**
 * Splits a unified diff (`git diff` output, GitHub's diff media type) into files: path, previous
 * path, status, added and removed lines, and the hunks from the first `@@` as the `patch` field
 * has them. A linear scan over lines; no regex sees more than one line.
 */
export function splitUnifiedDiff(diff: string): DiffFile[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  let inBody = false;
  let start = 0;
  while (start < diff.length) {
    const newline = diff.indexOf('\n', start);
    const end = newline === -1 ? diff.length : newline + 1;
    const line = diff.slice(start, end);
    start = end;
    if (line.startsWith('diff --git ')) {
      current = { headerLines: [line.trimEnd()], body: '' };
      sections.push(current);
      inBody = false;
      continue;
    }
    if (current === undefined) continue;
    if (!inBody && line.startsWith('@@')) inBody = true;
    if (inBody) current.body += line;
    else current.headerLines.push(line.trimEnd());
  }
  return sections.map(sectionToFile);
}

function sectionToFile(section: Section): DiffFile {
  let oldPath: string | null = null;
  let newPath: string | null = null;
  let renameFrom: string | null = null;
  let renameTo: string | null = null;
  let status: DiffFile['status'] = 'modified';
  let binary = false;
  for (const line of section.headerLines) {
    if (line.startsWith('--- '))
      oldPath = line.slice(4) === '/dev/null' ? null : stripPrefix(line.slice(4), 'a/');
    else if (line.startsWith('+++ '))
      newPath = line.slice(4) === '/dev/null' ? null : stripPrefix(line.slice(4), 'b/');
    else if (line.startsWith('new file mode')) status = 'added';
    else if (line.startsWith('deleted file mode')) status = 'removed';
    else if (line.startsWith('rename from ')) renameFrom = unquote(line.slice(12));
    else if (line.startsWith('rename to ')) renameTo = unquote(line.slice(10));
    else if (line.startsWith('copy from ')) {
      renameFrom = unquote(line.slice(10));
      status = 'copied';
    } else if (line.startsWith('copy to ')) renameTo = unquote(line.slice(8));
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') binary = true;
  }
  if (renameFrom !== null && status !== 'copied') status = 'renamed';
  const fromHeader = (section.headerLines[0] ?? '').slice('diff --git '.length);
  // `diff --git a/x b/x`: when the ---/+++ lines are absent (binary, mode-only), take the header.
  const split = fromHeader.indexOf(' b/');
  const headerNew = split === -1 ? fromHeader : fromHeader.slice(split + 1);
  const path =
    renameTo ?? newPath ?? (status === 'removed' ? oldPath : null) ?? stripPrefix(headerNew, 'b/');
  let additions = 0;
  let deletions = 0;
  for (const line of section.body.split('\n')) {
    if (line.startsWith('+')) additions++;
    else if (line.startsWith('-')) deletions++;
  }
  return {
    path,
    previousPath: renameFrom ?? (status === 'renamed' ? oldPath : null),
    status,
    additions,
    deletions,
    binary,
    patch: binary || section.body === '' ? null : section.body,
  };
}

import type { Contributor, Repository } from '@scm/core';
import type { WireContributor, WireProject } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, withRaw, text, timestamp, type MapContext } from './map-common.js';

/**
 * A GitLab project. Its owner is the namespace's full path (a user, a group or a subgroup), so
 * `fullName` is `owner/name` for every depth (`acme/platform/api`).
 * https://docs.gitlab.com/api/projects/#get-a-single-project
 */
export function mapRepository(wire: WireProject, context: MapContext): Repository {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: String(wire.id),
    name: wire.path,
    fullName: wire.path_with_namespace,
    owner: wire.namespace.full_path,
    description: text(wire.description),
    // A project listed without its visibility is one the API chose to show: report it as the
    // most restrictive value rather than guess it public.
    visibility: wire.visibility ?? 'private',
    defaultBranch: text(wire.default_branch),
    archived: wire.archived ?? false,
    fork: wire.forked_from_project !== undefined && wire.forked_from_project !== null,
    webUrl: wire.web_url,
    cloneUrl: text(wire.http_url_to_repo),
    sshUrl: text(wire.ssh_url_to_repo),
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at ?? wire.last_activity_at),
    pushedAt: timestamp(wire.last_activity_at),
  });
}

/**
 * GitLab counts contributors by git identity: a name and an email, never an account, so `id`
 * and `login` are null. https://docs.gitlab.com/api/repositories/#contributors
 */
export function mapContributor(wire: WireContributor, context: MapContext): Contributor {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: null,
    login: null,
    name: text(wire.name),
    email: text(wire.email),
    contributions: wire.commits,
    avatarUrl: null,
  });
}

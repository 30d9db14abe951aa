import type { Organization, SshKey, Viewer } from '@scm/core';
import type { WireAccount, WireSshKey, WireWorkspace } from './bitbucket-schemas.js';
import { base, loginOf, nonEmpty, timestamp, type MapContext } from './map-common.js';

export function mapViewer(wire: WireAccount, context: MapContext): Viewer {
  return {
    ...base(wire, context),
    id: wire.uuid ?? '',
    login: loginOf(wire) ?? wire.display_name ?? '',
    name: wire.display_name ?? null,
    // `/user` carries no address; `/user/emails` needs the `email` scope.
    email: null,
    avatarUrl: wire.links?.avatar?.href ?? null,
    webUrl: wire.links?.html?.href ?? null,
  };
}

/** Workspaces are Bitbucket's organizations. */
export function mapOrganization(wire: WireWorkspace, context: MapContext): Organization {
  return {
    ...base(wire, context),
    id: wire.uuid,
    login: wire.slug,
    name: wire.name ?? null,
    description: null,
    avatarUrl: wire.links?.avatar?.href ?? null,
    webUrl: wire.links?.html?.href ?? null,
  };
}

/** Bitbucket splits the comment off the OpenSSH line; the normalized key is the whole line again. */
export function mapSshKey(wire: WireSshKey, context: MapContext): SshKey {
  const comment = wire.comment ?? '';
  return {
    ...base(wire, context),
    id: wire.uuid,
    title: nonEmpty(wire.label) ?? nonEmpty(comment),
    key: comment === '' ? wire.key : `${wire.key} ${comment}`,
    fingerprint: wire.fingerprint ?? null,
    createdAt: timestamp(wire.created_on),
  };
}

import type { Organization } from '@scm/core';
import type { WireProject } from './azure-schemas.js';
import { AZURE_PROVIDER_ID, withRaw, nonEmpty, type MapContext } from './map-common.js';

/**
 * A project of the organization. Projects are what groups repositories on Azure DevOps, as
 * organizations on GitHub and groups on GitLab: the login is `organization/project`, the owner
 * of its repositories' full names.
 */
export function mapOrganization(wire: WireProject, context: MapContext): Organization {
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    id: wire.id,
    login: `${context.organization}/${wire.name}`,
    name: wire.name,
    description: nonEmpty(wire.description),
    avatarUrl: null,
    webUrl: `${context.collectionUrl}/${encodeURIComponent(wire.name)}`,
  });
}

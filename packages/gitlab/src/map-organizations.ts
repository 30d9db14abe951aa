import type { Organization } from '@scm/core';
import type { WireGroup } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, withRaw, text, type MapContext } from './map-common.js';

/** Groups (subgroups included) are organizations; their login is the full path (`acme/platform`). */
export function mapOrganization(wire: WireGroup, context: MapContext): Organization {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: String(wire.id),
    login: wire.full_path,
    name: text(wire.name),
    description: text(wire.description),
    avatarUrl: text(wire.avatar_url),
    webUrl: text(wire.web_url),
  });
}

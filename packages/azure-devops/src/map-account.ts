import type { Viewer } from '@scm/core';
import type { WireProfile } from './azure-schemas.js';
import { base, nonEmpty, type MapContext } from './map-common.js';

/**
 * The signed-in user's profile. Azure DevOps has no user name of its own: the login is the
 * account's email (its UPN, `uniqueName` everywhere else in the API), else its public alias.
 */
export function mapViewer(wire: WireProfile, context: MapContext): Viewer {
  return {
    ...base(wire, context),
    id: wire.id,
    login: nonEmpty(wire.emailAddress) ?? nonEmpty(wire.publicAlias) ?? wire.id,
    name: nonEmpty(wire.displayName),
    email: nonEmpty(wire.emailAddress),
    avatarUrl: null,
    webUrl: null,
  };
}

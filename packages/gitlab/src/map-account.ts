import type { Viewer } from '@scm/core';
import type { WireUser } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, withRaw, text, type MapContext } from './map-common.js';

export function mapViewer(wire: WireUser, context: MapContext): Viewer {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: String(wire.id),
    login: wire.username,
    name: text(wire.name),
    email: text(wire.email) ?? text(wire.public_email),
    avatarUrl: text(wire.avatar_url),
    webUrl: text(wire.web_url),
  });
}

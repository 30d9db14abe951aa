import type { ScmProvider } from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import { unexpectedShape } from '../bitbucket-errors.js';
import { WireAccountSchema, WireSshKeySchema, wirePageSchema } from '../bitbucket-schemas.js';
import { mapSshKey } from '../map-keys.js';

const SshKeyPage = wirePageSchema(WireSshKeySchema);

/** The user's SSH keys: `GET /users/{uuid}/ssh-keys`, the UUID read from `GET /user`. */
export function keysOps(client: BitbucketClient): Pick<ScmProvider, 'listSshKeys'> {
  return {
    async listSshKeys() {
      const viewer = await client.call(WireAccountSchema, { path: '/user' });
      if (viewer.uuid === undefined) throw unexpectedShape('/user');
      const keys = await client.walk(
        SshKeyPage,
        `/users/${encodeURIComponent(viewer.uuid)}/ssh-keys`,
      );
      return keys.map((key) => mapSshKey(key, client.context));
    },
  };
}

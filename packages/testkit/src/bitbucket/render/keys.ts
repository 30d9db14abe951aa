import type { Dataset, DatasetSshKey } from '../../dataset/types.js';
import { uuidFor } from '../bitbucket-dataset.js';
import { href, renderAccount, type Hosts, type Json } from './common.js';

export function renderSshKey(hosts: Hosts, dataset: Dataset, key: DatasetSshKey): Json {
  // The dataset keeps whole OpenSSH lines; Bitbucket splits off the comment.
  const [type = '', blob = ''] = key.key.split(' ');
  const uuid = uuidFor('ssh-key', key.id);
  return {
    type: 'ssh_key',
    uuid,
    key: `${type} ${blob}`,
    comment: key.title,
    label: key.title,
    fingerprint: key.fingerprint,
    created_on: key.createdAt,
    owner: renderAccount(hosts, dataset.viewer),
    links: {
      self: href(
        `${hosts.api}/users/${encodeURIComponent(uuidFor('user', dataset.viewer.id))}/ssh-keys/${encodeURIComponent(uuid)}`,
      ),
    },
  };
}

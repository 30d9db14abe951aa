import type { DatasetSshKey } from '../../dataset/types.js';
import { type Hosts, type Json } from './common.js';

export function renderKey(hosts: Hosts, key: DatasetSshKey): Json {
  return {
    // GitHub drops the key's comment; the simulator keeps the line as the dataset has it.
    key: key.key,
    id: key.id,
    url: `${hosts.api}/user/keys/${key.id}`,
    title: key.title,
    created_at: key.createdAt,
    verified: true,
    read_only: false,
    last_used: null,
  };
}

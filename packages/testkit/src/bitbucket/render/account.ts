import type { Dataset } from '../../dataset/types.js';
import { renderAccount, type Hosts, type Json } from './common.js';

/** `GET /user`: the signed-in account, with the fields only its owner sees. */
export function renderViewer(hosts: Hosts, dataset: Dataset): Json {
  return {
    ...renderAccount(hosts, dataset.viewer),
    username: dataset.viewer.login,
    account_status: 'active',
    has_2fa_enabled: null,
    is_staff: false,
    created_on: dataset.viewer.createdAt,
  };
}

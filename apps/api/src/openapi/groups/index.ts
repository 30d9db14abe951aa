import type { RouteGroup } from '../route-doc.js';
import {
  ADMIN_GROUP,
  COMPANY_GROUP,
  CONNECTIONS_GROUP,
  WEBHOOKS_GROUP,
  WEB_GROUP,
} from './operator.js';
import { INTEGRATIONS_GROUP, SCM_INTEGRATIONS_GROUP, WORKSPACE_GROUP } from './integrations.js';
import { DISCOVERY_GROUP, OAUTH_GROUP, SUBSCRIPTIONS_GROUP } from './platform.js';
import { ACCOUNT_GROUP, DEVELOPER_GROUP, MEMBERS_GROUP } from './session.js';
import { TESTAPP_GROUP } from './testapp.js';
import { UNIFIED_GROUP } from './unified.js';

/** Every route the gateway mounts, by group, in the order `/docs` and `/docs/api` show them. */
export const ROUTE_GROUPS: readonly RouteGroup[] = [
  DISCOVERY_GROUP,
  OAUTH_GROUP,
  UNIFIED_GROUP,
  SUBSCRIPTIONS_GROUP,
  CONNECTIONS_GROUP,
  ACCOUNT_GROUP,
  DEVELOPER_GROUP,
  MEMBERS_GROUP,
  INTEGRATIONS_GROUP,
  SCM_INTEGRATIONS_GROUP,
  WORKSPACE_GROUP,
  ADMIN_GROUP,
  WEBHOOKS_GROUP,
  WEB_GROUP,
  COMPANY_GROUP,
  TESTAPP_GROUP,
];

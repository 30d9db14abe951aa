/**
 * The documentation's pages, in the order of its contents list. Only data: the route table
 * (src/openapi/groups/operator.ts) documents each path from here, the docs router
 * (docs-router.ts) serves each with its renderer.
 */
export const DOCS_PAGES = [
  {
    path: '/docs',
    title: 'Documentation',
    summary: 'The documentation: what the gateway is, and the contents of every docs page.',
  },
  {
    path: '/docs/quickstart',
    title: 'Quickstart',
    summary: 'Quickstart: an app, the OAuth flow, a token, a first unified read, cursors.',
  },
  {
    path: '/docs/routes',
    title: 'Routes',
    summary: 'Every route group, with an example request and response.',
  },
  {
    path: '/docs/errors',
    title: 'Errors',
    summary: 'The error model: every code with its status, meaning and fix.',
  },
  {
    path: '/docs/scopes',
    title: 'Scopes',
    summary: 'The scope catalogue and what each scope lets an app read.',
  },
  {
    path: '/docs/security',
    title: 'Firewall and security',
    summary: 'The firewall, tokens and the trust model of approvals.',
  },
  {
    path: '/docs/webhooks',
    title: 'Webhooks and subscriptions',
    summary: 'Repository event subscriptions, signed deliveries and the delivery log.',
  },
  {
    path: '/docs/self-hosting',
    title: 'Self-hosting',
    summary: 'Running the gateway: SQLite, PostgreSQL, configuration, operations.',
  },
] as const;

export type DocsPagePath = (typeof DOCS_PAGES)[number]['path'];

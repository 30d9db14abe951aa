// Every example payload of @octokit/webhooks-examples (api.github.com), with its event name, and
// the headers GitHub sends with a repository hook's delivery of it.
import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

interface Definition {
  name: string;
  examples: unknown[];
}

export interface GitHubExample {
  event: string;
  /** `<event>#<n>`: the n-th example of the event. */
  label: string;
  body: string;
}

export function githubExamples(): GitHubExample[] {
  const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as Definition[];
  return definitions.flatMap((definition) =>
    definition.examples.map((example, index) => ({
      event: definition.name,
      label: `${definition.name}#${index}`,
      body: JSON.stringify(example),
    })),
  );
}

/** A repository hook's delivery headers: its hook id, a fresh delivery id, the HMAC of the body. */
export function githubHookHeaders(
  example: { event: string; body: string },
  hook: { hookId: string; hookSecret: string },
  deliveryId: string = randomUUID(),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/044aadd',
    'x-github-event': example.event,
    'x-github-delivery': deliveryId,
    'x-github-hook-id': hook.hookId,
    'x-github-hook-installation-target-type': 'repository',
    'x-github-hook-installation-target-id': '1',
    'x-hub-signature-256': `sha256=${createHmac('sha256', hook.hookSecret).update(example.body).digest('hex')}`,
  };
}

import { z } from 'zod';

// Wire shapes of the webhook payloads this adapter normalizes, private to the package. Only the
// fields the mapping reads are declared; zod objects keep accepting every other field.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads

const nullableString = z.string().nullish();
/** GitHub sends some timestamps as ISO strings and others (push, installation) as epoch seconds. */
const wireTime = z.union([z.string(), z.number()]).nullish();

export const WireEventRepositorySchema = z.object({
  id: z.number(),
  full_name: z.string(),
  html_url: nullableString,
});

export const WireEventUserSchema = z.object({
  id: z.number().nullish(),
  login: z.string(),
  name: nullableString,
  email: nullableString,
  avatar_url: nullableString,
});

export const WirePushSchema = z.object({
  ref: z.string(),
  before: nullableString,
  after: nullableString,
  head_commit: z.object({ timestamp: nullableString }).nullish(),
  commits: z.array(
    z.object({
      id: z.string(),
      message: z.string(),
      author: z.object({ name: nullableString, username: nullableString }).nullish(),
    }),
  ),
});

export const WirePullRequestEventSchema = z.object({
  number: z.number(),
  pull_request: z.object({
    number: z.number(),
    title: z.string(),
    state: z.string(),
    merged: z.boolean().nullish(),
    merged_at: nullableString,
    html_url: nullableString,
    updated_at: nullableString,
    head: z.object({ ref: z.string(), sha: z.string() }),
    base: z.object({ ref: z.string() }),
  }),
});

export const WireRefEventSchema = z.object({
  ref: z.string(),
  ref_type: z.string(),
});

export const WireReleaseEventSchema = z.object({
  release: z.object({
    tag_name: z.string(),
    name: nullableString,
    created_at: nullableString,
    published_at: nullableString,
  }),
});

export const WireCheckRunEventSchema = z.object({
  check_run: z.object({
    name: z.string(),
    head_sha: z.string(),
    status: z.string(),
    conclusion: nullableString,
    started_at: nullableString,
    completed_at: nullableString,
  }),
});

export const WireCheckSuiteEventSchema = z.object({
  check_suite: z.object({
    head_sha: z.string(),
    status: nullableString,
    conclusion: nullableString,
    updated_at: nullableString,
    app: z.object({ name: z.string() }).nullish(),
  }),
});

export const WireStatusEventSchema = z.object({
  sha: z.string(),
  context: z.string(),
  state: z.string(),
  updated_at: nullableString,
});

const WireEventDeploymentSchema = z.object({
  sha: nullableString,
  environment: nullableString,
  created_at: nullableString,
  updated_at: nullableString,
});

export const WireDeploymentEventSchema = z.object({ deployment: WireEventDeploymentSchema });

export const WireDeploymentStatusEventSchema = z.object({
  deployment: WireEventDeploymentSchema,
  deployment_status: z.object({
    state: z.string(),
    environment: nullableString,
    updated_at: nullableString,
  }),
});

export const WireWorkflowRunEventSchema = z.object({
  workflow_run: z.object({
    name: nullableString,
    head_sha: z.string(),
    status: nullableString,
    conclusion: nullableString,
    updated_at: nullableString,
  }),
  workflow: z.object({ name: z.string() }).nullish(),
});

export const WireInstallationEventSchema = z.object({
  installation: z.object({
    id: z.number(),
    updated_at: wireTime,
  }),
});

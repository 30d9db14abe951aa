import { z } from 'zod';
import { UNIFIED_ENDPOINT_LIST, type UnifiedEndpoint } from '../../unified/endpoints.js';
import type { GatewayServices } from '../../services.js';
import { callGateway, type GatewayAnswer } from './service.js';

// The sandbox's live probes: each calls the gateway's unified API over HTTP with the sandbox's
// access token, exactly as an app would, and reports what came back (status, latency, counts).

/** A repository as the probes pick it: the unified listing's provider and id. */
export interface RepositoryRef {
  provider: string;
  repoId: string;
}

/** One call of a probe, as reported: never a token, never a response body. */
export interface ProbeCall {
  label: string;
  method: string;
  /** The path called (with the query), or the route template when it was not called. */
  path: string;
  status: number | null;
  ms: number | null;
  /** Items in the answer's `data` (a collection), 1 for one object, null when not called. */
  items: number | null;
  note: string;
}

const Repository = z.looseObject({
  id: z.string(),
  provider: z.string(),
  fullName: z.string(),
  defaultBranch: z.string().nullable().optional(),
  visibility: z.string().optional(),
});
type Repository = z.infer<typeof Repository>;
const Commit = z.looseObject({
  sha: z.string(),
  message: z.string(),
  author: z.looseObject({
    login: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
  }),
  committedAt: z.string().nullable(),
  authoredAt: z.string().nullable(),
});
const Collection = z.looseObject({
  data: z.array(z.unknown()),
  page_info: z.looseObject({ next_cursor: z.string().nullable().optional() }).optional(),
});

function itemsOf(answer: GatewayAnswer): number | null {
  if (answer.status >= 400) return null;
  const collection = Collection.safeParse(answer.body);
  if (collection.success) return collection.data.data.length;
  return answer.body === null ? 0 : 1;
}

function dataOf<T>(answer: GatewayAnswer, schema: z.ZodType<T>): T[] {
  if (answer.status !== 200) return [];
  const collection = Collection.safeParse(answer.body);
  if (!collection.success) return [];
  return collection.data.data.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

function hasMore(answer: GatewayAnswer): boolean {
  const collection = Collection.safeParse(answer.body);
  return collection.success && typeof collection.data.page_info?.next_cursor === 'string';
}

/** The canonical error's code and message of a failed answer, for the report. */
function errorNote(answer: GatewayAnswer): string {
  const parsed = z
    .object({ error: z.object({ code: z.string(), message: z.string() }) })
    .safeParse(answer.body);
  return parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : '';
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

async function get(services: GatewayServices, token: string, path: string) {
  return callGateway(services, { method: 'GET', path, headers: bearer(token) });
}

function repositoryPath(repo: RepositoryRef): string {
  return `/v1/repositories/${encodeURIComponent(repo.provider)}/${encodeURIComponent(repo.repoId)}`;
}

/** The granted repositories (the merged first page of `GET /v1/repositories`, up to 100). */
export async function listGrantedRepositories(
  services: GatewayServices,
  token: string,
): Promise<{ answer: GatewayAnswer; repositories: Repository[] }> {
  const answer = await get(services, token, '/v1/repositories?limit=100');
  return { answer, repositories: dataOf(answer, Repository) };
}

/** The chosen repository if it is among the granted ones' refs, else the first granted one. */
function pickRepository(
  repositories: readonly Repository[],
  wanted: RepositoryRef | null,
): RepositoryRef | null {
  if (wanted !== null) return wanted;
  const first = repositories[0];
  return first === undefined ? null : { provider: first.provider, repoId: first.id };
}

interface Samples {
  repo: RepositoryRef;
  commitId?: string;
  pullRequestId?: string;
  /** Values for required query parameters, by name. */
  query: Record<string, string>;
}

/** Sample ids for the routes that need more than a repository: a commit, a pull request, a file. */
async function gatherSamples(
  services: GatewayServices,
  token: string,
  repo: RepositoryRef,
  defaultBranch: string | null,
): Promise<Samples> {
  const base = repositoryPath(repo);
  const [commits, pulls, tree] = await Promise.all([
    get(services, token, `${base}/commits?limit=1`),
    get(services, token, `${base}/pull-requests?state=all&limit=1`),
    get(services, token, `${base}/file-tree?recursive=true&limit=100`),
  ]);
  const commitId = dataOf(commits, Commit)[0]?.sha;
  const pull = dataOf(pulls, z.looseObject({ number: z.number() }))[0];
  const file = dataOf(tree, z.looseObject({ path: z.string(), type: z.string() })).find(
    (entry) => entry.type === 'file',
  );
  const query: Record<string, string> = {};
  if (file !== undefined) query.path = file.path;
  if (defaultBranch !== null) {
    query.ref = defaultBranch;
    query.branch = defaultBranch;
  }
  return {
    repo,
    ...(commitId === undefined ? {} : { commitId }),
    ...(pull === undefined ? {} : { pullRequestId: String(pull.number) }),
    query,
  };
}

/** The path of one endpoint for the samples, or the name of the sample it lacks. */
function concretePath(
  endpoint: UnifiedEndpoint,
  samples: Samples,
): { path: string } | { missing: string } {
  const values: Record<string, string | undefined> = {
    provider: samples.repo.provider,
    repoId: samples.repo.repoId,
    commitId: samples.commitId,
    pullRequestId: samples.pullRequestId,
  };
  let path = endpoint.path;
  for (const param of endpoint.pathParams) {
    const value = values[param.name];
    if (value === undefined) return { missing: param.name };
    path = path.replace(`:${param.name}`, encodeURIComponent(value));
  }
  const query = new URLSearchParams();
  const shape: Record<string, z.ZodType> = endpoint.query?.shape ?? {};
  for (const [name, schema] of Object.entries(shape)) {
    if (schema.safeParse(undefined).success) continue;
    const value = samples.query[name];
    if (value === undefined) return { missing: name };
    query.set(name, value);
  }
  if (endpoint.path.endsWith('/pull-requests')) query.set('state', 'all');
  if (endpoint.pagination !== 'none') query.set('limit', '10');
  const search = query.toString();
  return { path: search === '' ? path : `${path}?${search}` };
}

/** `POST …/events/subscribe`, then the subscription deleted again (`DELETE /v1/subscriptions/:id`). */
async function subscribeAndRemove(
  services: GatewayServices,
  token: string,
  path: string,
): Promise<{ answer: GatewayAnswer; note: string }> {
  const answer = await callGateway(services, {
    method: 'POST',
    path,
    headers: bearer(token),
    json: {
      callbackUrl: `${services.config.publicUrl}/testapp`,
      events: ['push'],
      active: false,
    },
  });
  const id = z.object({ id: z.string() }).safeParse(answer.body);
  if (answer.status !== 201 || !id.success) return { answer, note: errorNote(answer) };
  const removed = await callGateway(services, {
    method: 'DELETE',
    path: `/v1/subscriptions/${encodeURIComponent(id.data.id)}`,
    headers: bearer(token),
  });
  return {
    answer,
    note: `an inactive push subscription was created, then deleted again (DELETE /v1/subscriptions/:id → ${removed.status})`,
  };
}

export interface EndpointSuite {
  repository: RepositoryRef | null;
  repositoryName: string | null;
  calls: ProbeCall[];
}

/**
 * Every unified endpoint of the route table (src/unified/endpoints.ts, the table the OpenAPI
 * document is generated from), called once for a sample repository and reported in table order.
 */
export async function runEndpointSuite(
  services: GatewayServices,
  token: string,
  wanted: RepositoryRef | null,
): Promise<EndpointSuite> {
  const { repositories } = await listGrantedRepositories(services, token);
  const repo = pickRepository(repositories, wanted);
  const known = repositories.find(
    (candidate) => candidate.provider === repo?.provider && candidate.id === repo.repoId,
  );
  const samples: Samples | null =
    repo === null ? null : await gatherSamples(services, token, repo, known?.defaultBranch ?? null);
  const calls: ProbeCall[] = [];
  for (const endpoint of UNIFIED_ENDPOINT_LIST) {
    const needsRepo = endpoint.pathParams.length > 0;
    const target =
      samples === null
        ? needsRepo
          ? { missing: 'repository' }
          : concretePath(endpoint, { repo: { provider: '', repoId: '' }, query: {} })
        : concretePath(endpoint, samples);
    if ('missing' in target) {
      calls.push({
        label: endpoint.key,
        method: endpoint.method,
        path: endpoint.path,
        status: null,
        ms: null,
        items: null,
        note: `not called: no sample ${target.missing} (the token reaches none)`,
      });
      continue;
    }
    const { answer, note } =
      endpoint.method === 'POST'
        ? await subscribeAndRemove(services, token, target.path)
        : await get(services, token, target.path).then((got) => ({
            answer: got,
            note: errorNote(got),
          }));
    calls.push({
      label: endpoint.key,
      method: endpoint.method,
      path: target.path,
      status: answer.status,
      ms: answer.ms,
      items: itemsOf(answer),
      note,
    });
  }
  return { repository: repo, repositoryName: known?.fullName ?? null, calls };
}

export interface CommitMetricsRow {
  provider: string;
  repoId: string;
  fullName: string;
  status: number;
  ms: number;
  /** Commits on the default branch's first page (100 at most). */
  commits: number;
  more: boolean;
  authors: number;
  latest: string | null;
  note: string;
}

const METRICS_REPOSITORIES = 20;

/** Commit counts, distinct authors and the latest commit of each granted repository (the first 20). */
export async function runCommitMetrics(
  services: GatewayServices,
  token: string,
): Promise<{ listing: ProbeCall; rows: CommitMetricsRow[]; total: number }> {
  const { answer, repositories } = await listGrantedRepositories(services, token);
  const listing: ProbeCall = {
    label: 'repositories.list',
    method: 'GET',
    path: '/v1/repositories?limit=100',
    status: answer.status,
    ms: answer.ms,
    items: itemsOf(answer),
    note: errorNote(answer),
  };
  const rows = await Promise.all(
    repositories.slice(0, METRICS_REPOSITORIES).map(async (repo) => {
      const ref = { provider: repo.provider, repoId: repo.id };
      const commits = await get(services, token, `${repositoryPath(ref)}/commits?limit=100`);
      const items = dataOf(commits, Commit);
      const authors = new Set(
        items.map((commit) => commit.author.login ?? commit.author.email ?? commit.author.name),
      );
      const dates = items
        .map((commit) => commit.committedAt ?? commit.authoredAt)
        .filter((date): date is string => date !== null)
        .sort();
      return {
        ...ref,
        fullName: repo.fullName,
        status: commits.status,
        ms: commits.ms,
        commits: items.length,
        more: hasMore(commits),
        authors: authors.size,
        latest: dates.at(-1) ?? null,
        note: errorNote(commits),
      };
    }),
  );
  return { listing, rows, total: repositories.length };
}

export interface ScenarioStep {
  call: ProbeCall;
  /** What the step found, as label/value lines (escaped when rendered). */
  facts: [string, string][];
}

const DiffAnswer = z.looseObject({
  files: z.array(
    z.looseObject({
      path: z.string(),
      additions: z.number(),
      deletions: z.number(),
      blocked: z.boolean().optional(),
    }),
  ),
  truncated: z.boolean(),
});

/**
 * One repository walked as an app would: its details, branches, the latest commits, the newest
 * commit's diff (through the firewall), pull requests, contributors and the file tree.
 */
export async function runRepositoryScenario(
  services: GatewayServices,
  token: string,
  wanted: RepositoryRef | null,
): Promise<{ repository: RepositoryRef | null; steps: ScenarioStep[] }> {
  const repo =
    wanted ?? pickRepository((await listGrantedRepositories(services, token)).repositories, null);
  if (repo === null) return { repository: null, steps: [] };
  const base = repositoryPath(repo);
  const step = async (
    label: string,
    path: string,
    facts: (answer: GatewayAnswer) => [string, string][],
  ): Promise<ScenarioStep> => {
    const answer = await get(services, token, path);
    return {
      call: {
        label,
        method: 'GET',
        path,
        status: answer.status,
        ms: answer.ms,
        items: itemsOf(answer),
        note: errorNote(answer),
      },
      facts: answer.status === 200 ? facts(answer) : [],
    };
  };
  const steps: ScenarioStep[] = [];
  steps.push(
    await step('Repository', base, (answer) => {
      const parsed = Repository.safeParse(answer.body);
      if (!parsed.success) return [];
      return [
        ['Full name', parsed.data.fullName],
        ['Default branch', parsed.data.defaultBranch ?? '—'],
        ['Visibility', parsed.data.visibility ?? '—'],
      ];
    }),
  );
  steps.push(
    await step('Branches', `${base}/branches?limit=100`, (answer) => [
      ['Branches (first page)', `${itemsOf(answer) ?? 0}${hasMore(answer) ? '+' : ''}`],
    ]),
  );
  let newest: string | undefined;
  steps.push(
    await step('Latest commits', `${base}/commits?limit=5`, (answer) => {
      const commits = dataOf(answer, Commit);
      newest = commits[0]?.sha;
      return commits.map((commit) => [
        commit.sha.slice(0, 12),
        `${commit.message.split('\n')[0] ?? ''} — ${commit.author.login ?? commit.author.name ?? '?'}, ${commit.committedAt ?? ''}`,
      ]);
    }),
  );
  if (newest !== undefined)
    steps.push(
      await step(
        'Newest commit diff',
        `${base}/commits/${encodeURIComponent(newest)}/diff`,
        (answer) => {
          const diff = DiffAnswer.safeParse(answer.body);
          if (!diff.success) return [];
          const files = diff.data.files;
          return [
            ['Files', String(files.length) + (diff.data.truncated ? ' (truncated)' : '')],
            ['Additions', String(files.reduce((sum, file) => sum + file.additions, 0))],
            ['Deletions', String(files.reduce((sum, file) => sum + file.deletions, 0))],
            [
              'Blocked by the firewall',
              String(files.filter((file) => file.blocked === true).length),
            ],
          ];
        },
      ),
    );
  steps.push(
    await step('Pull requests', `${base}/pull-requests?state=all&limit=100`, (answer) => {
      const pulls = dataOf(answer, z.looseObject({ state: z.string() }));
      return [
        ['Pull requests (first page)', `${pulls.length}${hasMore(answer) ? '+' : ''}`],
        ['Open', String(pulls.filter((pull) => pull.state === 'open').length)],
      ];
    }),
  );
  steps.push(
    await step('Contributors', `${base}/contributors?limit=5`, (answer) =>
      dataOf(
        answer,
        z.looseObject({
          login: z.string().nullable(),
          name: z.string().nullable(),
          contributions: z.number(),
        }),
      ).map((person) => [person.login ?? person.name ?? '?', `${person.contributions} commits`]),
    ),
  );
  steps.push(
    await step('File tree', `${base}/file-tree?recursive=true&limit=100`, (answer) => [
      ['Entries (first page)', `${itemsOf(answer) ?? 0}${hasMore(answer) ? '+' : ''}`],
    ]),
  );
  return { repository: repo, steps };
}

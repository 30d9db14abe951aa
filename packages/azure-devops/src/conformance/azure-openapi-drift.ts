import type { Json } from './azure-descriptions.js';

/**
 * Where Microsoft's descriptions and the wire disagree, each with its evidence. The validator
 * applies these and nothing else: anything not listed here must validate, the simulator's
 * responses and the official `httpExamples` alike.
 */
export interface Drift {
  /** The definition (or operation) concerned. */
  where: string;
  why: string;
  apply(definitions: Json): void;
}

/** The `properties` of a definition, for an entry to edit. */
function propertiesOf(definitions: Json, name: string): Json {
  const definition = definitions[name] as Json | undefined;
  const properties = definition?.properties as Json | undefined;
  if (properties === undefined) throw new Error(`${name} has no properties`);
  return properties;
}

/**
 * Drift in the definitions, applied (after the lenient mode) before compiling; `where` starts with
 * the description's area.
 */
export const KNOWN_DRIFT: readonly Drift[] = [
  {
    where: 'git: Change.item',
    why: 'The generic Change<T> is generated with T as a string ("format": "T"); every change Azure sends (commit changes, diffs, iteration changes) carries a GitItem object: git/7.1/httpExamples/changes/*, commitDiffs/*, pullRequestIterationChanges/*.',
    apply: (definitions) => {
      propertiesOf(definitions, 'Change').item = {
        anyOf: [{ $ref: '#/definitions/GitItem' }, { type: 'string' }, { type: 'null' }],
      };
    },
  },
  {
    where: 'git: GitUserDate.date',
    why: 'A date-time, but .NET writes a date of unspecified kind without its offset: "2017-06-22T05:09:23" in git/7.1/httpExamples/annotatedTags/POST__git_repositories__annotated__tags.json (taggedBy.date).',
    apply: (definitions) => {
      propertiesOf(definitions, 'GitUserDate').date = {
        type: ['string', 'null'],
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$',
      };
    },
  },
  {
    where: 'core: ProjectProperty.value',
    why: 'Described as an object; the values are strings, numbers and booleans: core/7.1/httpExamples/properties/GET__projects__project__properties.json.',
    apply: (definitions) => {
      propertiesOf(definitions, 'ProjectProperty').value = {};
    },
  },
  {
    where: 'hooks: InputValidation.minValue, .maxValue',
    why: 'A .NET decimal described as a string; sent as a JSON number: hooks/7.1/httpExamples/consumers/GET__hooks_consumers.json.',
    apply: (definitions) => {
      const properties = propertiesOf(definitions, 'InputValidation');
      properties.minValue = { type: ['number', 'string', 'null'] };
      properties.maxValue = { type: ['number', 'string', 'null'] };
    },
  },
  {
    where: 'hooks: Subscription.probationRetries',
    why: 'A .NET byte described as a base64 string ("format": "byte"); sent as a JSON number: hooks/7.1/httpExamples/subscriptions/GET__hooks_subscriptions_.json.',
    apply: (definitions) => {
      propertiesOf(definitions, 'Subscription').probationRetries = {
        type: ['integer', 'string', 'null'],
      };
    },
  },
];

/**
 * Creations described as answering 200 whose recorded answers are 201 Created (202 Accepted for
 * a project, queued): the 201/202 body is checked against the 200 schema. Evidence: each
 * operation's httpExamples (git/7.1/httpExamples/statuses/POST__…statuses.json, pushes/POST__…,
 * pullRequests/POST__…, importRequests/POST__…, reverts/CreateRevert.json,
 * merges/CreateMergeRequestAsync.json, annotatedTags/POST__…, core projects/POST__projects.json).
 */
export const CREATED_STATUS_DRIFT: readonly string[] = [
  'Statuses_Create',
  'Pushes_Create',
  'Pull Requests_Create',
  'Import Requests_Create',
  'Reverts_Create',
  'Merges_Create',
  'Annotated Tags_Create',
  'Projects_Create',
];

/** Example answers without a JSON body to check, each with why. */
export const EXAMPLES_WITHOUT_SCHEMA: readonly { file: string; why: string }[] = [
  {
    file: 'annotatedTags/GET__git_repositories__annotated__tags.json',
    why: 'A 302 redirect to the tag object; the description has no schema for a redirect.',
  },
];

/**
 * Drift in how responses are shaped, handled by the validator itself rather than by editing a
 * definition. Listed so that the allow-list is complete in one place.
 */
export const RESPONSE_SHAPE_DRIFT = {
  collections: {
    where: 'every operation whose 200 schema is an array',
    why: 'The descriptions give the list itself; Azure wraps every collection in { count, value } (VssJsonCollectionWrapper), as every httpExample of a list shows (e.g. git/7.1/httpExamples/refs/GET__git_repositories__repositoryId__refs_heads.json).',
  },
  optionalProject: {
    where: 'paths /{organization}/{project}/_apis/git/…',
    why: 'The descriptions mark {project} required; Azure’s route templates make it optional for repository-scoped calls by GUID and organization-wide lists (the repositories and pull requests httpExamples call /_apis/git/repositories/{id} without a project: x-ms-vss-request-url of git/7.1/httpExamples/repositories/GET__git_repositories__repositoryId_.json).',
  },
  singleItem: {
    where: 'GET …/items with path=',
    why: 'Items_Get (one item, a GitItem object) and Items_List (an array) share GET …/items; the description keeps only Items_List. A read with `path` is checked against GitItem.',
  },
  errors: {
    where: 'every 4xx/5xx answer',
    why: 'The descriptions declare no error responses. Errors are checked against the serialized exception every Azure DevOps service returns (https://learn.microsoft.com/en-us/azure/devops/integrate/concepts/rest-api-versioning and the REST reference’s response section): $id, innerException, message, typeName, typeKey, errorCode, eventId.',
  },
} as const;

/**
 * Operations the adapter calls that the four descriptions in fixtures/ do not describe: their
 * responses cannot be validated here, and are listed so the test fails on any other gap.
 */
export const UNDESCRIBED_OPERATIONS: readonly { method: string; path: RegExp; why: string }[] = [
  {
    method: 'GET',
    path: /^\/[^/]+\/(?:[^/]+\/)?_apis\/build\/builds$/i,
    why: 'The Build API (build.json) is not among the descriptions copied into fixtures/azure-devops.',
  },
  {
    method: 'GET',
    path: /^\/[^/]+\/_apis\/connectionData$/i,
    why: 'connectionData is a location-service call with no public description.',
  },
  {
    method: 'GET',
    path: /^\/[^/]+\/_apis\/identities$/i,
    why: 'The identities API (ims.json) is not among the descriptions copied into fixtures/azure-devops.',
  },
];

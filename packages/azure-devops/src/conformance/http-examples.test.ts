import { describe, expect, it } from 'vitest';
import {
  DESCRIPTION_FILES,
  readDescription,
  readExample,
  type Area,
  type Json,
} from './azure-descriptions.js';
import {
  CREATED_STATUS_DRIFT,
  EXAMPLES_WITHOUT_SCHEMA,
  KNOWN_DRIFT,
} from './azure-openapi-drift.js';
import { createAzureValidator } from './azure-openapi-validator.js';

interface ExampleResponse {
  area: Area;
  file: string;
  method: string;
  template: string;
  operationId: string;
  status: number;
  body: unknown;
  parameters: URLSearchParams;
}

/** Every response body of every `x-ms-examples` file of the four descriptions. */
function exampleResponses(): ExampleResponse[] {
  const out: ExampleResponse[] = [];
  for (const area of Object.keys(DESCRIPTION_FILES) as Area[]) {
    const paths = readDescription(area).paths as Record<string, Record<string, Json>>;
    for (const [template, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const examples = operation['x-ms-examples'] as Record<string, { $ref: string }> | undefined;
        for (const { $ref } of Object.values(examples ?? {})) {
          const example = readExample(area, $ref);
          const responses = (example.responses ?? {}) as Record<string, { body?: unknown }>;
          for (const [status, response] of Object.entries(responses)) {
            if (response.body === undefined) continue;
            out.push({
              area,
              file: $ref.replace(/^\.\/httpExamples\//, ''),
              method: method.toUpperCase(),
              template,
              operationId: String(operation.operationId),
              status: Number(status),
              body: response.body,
              parameters: new URLSearchParams(
                Object.entries((example.parameters ?? {}) as Record<string, unknown>).map(
                  ([key, value]): [string, string] => [key, String(value)],
                ),
              ),
            });
          }
        }
      }
    }
  }
  return out;
}

describe('Microsoft’s httpExamples against their own descriptions', () => {
  const validator = createAzureValidator();
  const responses = exampleResponses();

  it('reads the examples of every description', () => {
    const areas = new Set(responses.map((response) => response.area));
    expect([...areas].sort()).toEqual(['core', 'git', 'hooks', 'profile']);
    expect(responses.length).toBeGreaterThan(100);
  });

  it('every example response validates, but for the allow-listed drift', () => {
    const failures: string[] = [];
    for (const response of responses) {
      const skipped = EXAMPLES_WITHOUT_SCHEMA.find((entry) =>
        response.file.toLowerCase().endsWith(entry.file.toLowerCase()),
      );
      if (skipped !== undefined) {
        expect(validator.hasSchema(response, response.status), response.file).toBe(false);
        continue;
      }
      const errors = validator.check(response, response.status, response.body, response.parameters);
      if (errors.length > 0)
        failures.push(`${response.area} ${response.file}: ${errors.join('; ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('the validator rejects what the descriptions forbid (it is not a no-op)', () => {
    const refs = responses.find((response) => response.operationId === 'Refs_List');
    if (refs === undefined) throw new Error('no Refs_List example');
    const body = structuredClone(refs.body) as { count: number; value: Json[] };
    expect(validator.check(refs, 200, body, refs.parameters)).toEqual([]);
    // A list not wrapped in { count, value }, a count that lies, a wrong type, an unknown enum.
    expect(validator.check(refs, 200, body.value, refs.parameters)).not.toEqual([]);
    expect(
      validator.check(refs, 200, { ...body, count: body.count + 1 }, refs.parameters),
    ).not.toEqual([]);
    const first = body.value[0] ?? {};
    expect(
      validator.check(
        refs,
        200,
        { count: 1, value: [{ ...first, objectId: 42 }] },
        refs.parameters,
      ),
    ).not.toEqual([]);
    const pr = responses.find(
      (response) => response.operationId === 'Pull Requests_Get Pull Request By Id',
    );
    if (pr === undefined) throw new Error('no pull request example');
    expect(
      validator.check(pr, 200, { ...(pr.body as Json), status: 'merged' }, pr.parameters),
    ).not.toEqual([]);
    expect(validator.check(pr, 404, { message: 'Not found' }, pr.parameters)).not.toEqual([]);
  });

  it('each allow-list entry is still needed: without it, an example fails', () => {
    for (const drift of KNOWN_DRIFT) {
      const without = createAzureValidator({
        drift: KNOWN_DRIFT.filter((entry) => entry !== drift),
      });
      const failing = responses.filter(
        (response) =>
          response.area === drift.where.split(':')[0] &&
          validator.hasSchema(response, response.status) &&
          !EXAMPLES_WITHOUT_SCHEMA.some((entry) => response.file.endsWith(entry.file)) &&
          without.check(response, response.status, response.body, response.parameters).length > 0,
      );
      expect(failing.length, drift.where).toBeGreaterThan(0);
    }
  });

  it('each creation allowed a 201/202 has an example answering so', () => {
    for (const operationId of CREATED_STATUS_DRIFT) {
      const statuses = responses
        .filter((response) => response.operationId === operationId)
        .map((response) => response.status);
      expect(
        statuses.some((status) => status === 201 || status === 202),
        operationId,
      ).toBe(true);
    }
  });
});

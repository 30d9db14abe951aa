import { describe, expect, it } from 'vitest';
import { createFaultController } from './faults.js';

describe('createFaultController', () => {
  it('matches by method and route pattern, or everything with *', () => {
    const faults = createFaultController();
    faults.inject({ method: 'get', route: '/repos/:repo/commits' }, { status: 503 });
    expect(faults.take('GET', '/repos/acme%2Fapi/commits')).toEqual({ status: 503 });
    expect(faults.take('POST', '/repos/acme%2Fapi/commits')).toBeUndefined();
    expect(faults.take('GET', '/repos/acme%2Fapi/branches')).toBeUndefined();
    faults.inject('*', { reset: true });
    expect(faults.take('DELETE', '/anything/at/all')).toEqual({ reset: true });
  });

  it('clears a fault after `times` requests and keeps one without', () => {
    const faults = createFaultController();
    faults.inject('*', { status: 500, times: 2 });
    expect(faults.take('GET', '/a')).toBeDefined();
    expect(faults.list()[0]?.remaining).toBe(1);
    expect(faults.take('GET', '/a')).toBeDefined();
    expect(faults.take('GET', '/a')).toBeUndefined();
    faults.inject('*', { hang: true });
    for (let index = 0; index < 5; index++)
      expect(faults.take('GET', '/a')).toEqual({ hang: true });
  });

  it('lets the latest fault win and clears one or all', () => {
    const faults = createFaultController();
    const first = faults.inject('*', { status: 500 });
    const second = faults.inject('*', { malformedJson: true });
    expect(faults.take('GET', '/x')).toEqual({ malformedJson: true });
    faults.clear(second.id);
    expect(faults.take('GET', '/x')).toEqual({ status: 500 });
    expect(faults.list().map((fault) => fault.id)).toEqual([first.id]);
    faults.clear();
    expect(faults.take('GET', '/x')).toBeUndefined();
  });

  it('refuses a non-positive times', () => {
    expect(() => createFaultController().inject('*', { status: 502, times: 0 })).toThrow(
      RangeError,
    );
  });
});

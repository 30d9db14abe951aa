import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { errorPageHtml, nextStepOf } from './error-page.js';

describe('the HTML error page', () => {
  it('shows the message, the code, the status and the request id, escaped', () => {
    const error = new ScmError('INVALID_REQUEST', { message: 'Bad <b>"input"</b>' });
    const page = errorPageHtml('/app/dashboard', 'gf_req_abc123', error);
    expect(page).toContain('Bad &lt;b&gt;&quot;input&quot;&lt;/b&gt;');
    expect(page).not.toContain('<b>');
    expect(page).toContain('Error 400 · <code>INVALID_REQUEST</code>');
    expect(page).toContain('<code>gf_req_abc123</code>');
    expect(page).toContain('<a class="button" href="/app/dashboard">Back to the dashboard</a>');
    expect(page).toMatch(/<nav class="top"/);
  });

  it('never shows an internal message, and gives customers no dashboard links', () => {
    const error = new ScmError('INTERNAL_ERROR', { message: 'db password is hunter2' });
    const page = errorPageHtml('/oauth/authorize/approve', 'gf_req_1', error);
    expect(page).not.toContain('hunter2');
    expect(page).toContain('Error 500');
    expect(page).not.toContain('/app/dashboard');
    expect(page).not.toMatch(/<nav class="top"/);
    const gone = errorPageHtml('/app/customer/login', 'gf_req_2', new ScmError('INVALID_REQUEST'), {
      status: 410,
    });
    expect(gone).toContain('Error 410');
    expect(gone).toContain('<title>This page is gone</title>');
  });

  it('links back by where the browser was', () => {
    expect(nextStepOf('/docs/errors', 'RESOURCE_NOT_FOUND').href).toBe('/docs');
    expect(nextStepOf('/testapp/live/x', 'INVALID_REQUEST').href).toBe('/testapp');
    expect(nextStepOf('/app/dashboard', 'AUTH_REQUIRED').href).toBe('/app/login');
    expect(nextStepOf('/app/company/apps/x', 'AUTH_REQUIRED').href).toBe('/');
    expect(nextStepOf('/nowhere', 'RESOURCE_NOT_FOUND').href).toBe('/');
  });
});

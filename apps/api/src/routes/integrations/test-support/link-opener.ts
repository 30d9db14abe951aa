// What an integration flow's link (`GET /v1/integrations/{provider}/create?state=…`) must do when
// someone other than its starter opens it, shared by the GitHub App and GitLab OAuth suites.
import { expect } from 'vitest';
import { signUpDeveloper } from '../../../test-support/flows.js';
import type { TestGateway } from '../../../test-support/gateway.js';
import { call, CookieJar, signedInJar, type CallResult } from '../../../test-support/http.js';

/**
 * A browser signed in here as another account is refused (AUTH_REQUIRED, nothing spent). One not
 * signed in here gets the confirmation page: no script, no cookie, who asked (as registered) and
 * for which workspace, a button that posts back here, and a form-action that allows the provider
 * (its answer redirects there). Gives that browser and the page.
 */
export async function expectLinkConfirmation(
  gw: TestGateway,
  link: { url: string; provider: string; tenantId: string; providerOrigin: string },
): Promise<{ jar: CookieJar; page: CallResult }> {
  const stranger = await signUpDeveloper(gw);
  const refused = await call('GET', link.url, { jar: signedInJar(stranger.token) });
  expect(refused.status, refused.text).toBe(401);
  const { error } = refused.json<{ error: { code: string; message: string } }>();
  expect(error.code).toBe('AUTH_REQUIRED');
  expect(error.message).toMatch(/started by another account/);

  const jar = new CookieJar();
  const page = await call('GET', link.url, { jar });
  expect(page.status, page.text).toBe(200);
  expect(jar.header()).toBe('');
  expect(page.text).not.toContain('<script');
  const csp = String(page.headers['content-security-policy']);
  expect(csp).not.toContain('script-src');
  expect(csp).toContain(`form-action 'self' ${link.providerOrigin};`);
  // A form's Origin is null under no-referrer: this page names its origin to itself.
  expect(page.headers['referrer-policy']).toBe('same-origin');
  const starter = await gw.gateway.services.prisma.membership.findFirstOrThrow({
    where: { tenantId: link.tenantId, role: 'owner' },
    include: { user: true, tenant: true },
  });
  expect(page.text).toContain(`registered as <strong>${starter.user.email}</strong> asked`);
  expect(page.text).toContain(`its workspace <strong>${starter.tenant.name}</strong>`);
  expect(page.text).toContain(
    `<form id="confirm-form" method="post" action="/v1/integrations/${link.provider}/create">`,
  );
  return { jar, page };
}

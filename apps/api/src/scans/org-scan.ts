import { paginate, ScmError, type Repository } from '@scm/core';
import { createGitHubAppAuth, createGitHubInstallations } from '@scm/github';
import { requireRole } from '../auth/roles.js';
import type { SessionUser } from '../auth/sessions.js';
import { newId } from '../crypto/tokens.js';
import { gatewayError } from '../http/errors.js';
import { syncInstallations } from '../integrations/app-flow.js';
import type { Job } from '../jobs/job-queue.js';
import type { GatewayServices } from '../services.js';
import { PROVIDER_CATALOGUE } from '../providers/catalogue.js';

// The workspace's GitHub organization scan (seed 002): a background job on the job engine reads,
// as the connected GitHub App installation, every repository the installation reaches and records
// per repository its default branch and whether it is protected, its visibility, whether it is
// archived, and its admin collaborators who are not owners of the organization. One OrgScan row per
// run; one run at a time per tenant and organization (a row check, and the job's singleton key).
// The job is re-entrant: a run lost with its process is run again by the engine after its lease
// and resumes, skipping the repositories that already have findings of this scan.

export const ORG_SCAN_JOB = 'integrations.org-scan';
const ADMINS = ['owner', 'admin'] as const;

/** Starting a scan needs owner or admin (seed 002): asked before the body is read, and again. */
export function requireScanRole(session: SessionUser): void {
  requireRole(session, ADMINS, 'scan the GitHub organization');
}
const RUNNING = ['queued', 'scanning'];
/** A lost run is retried after the lease; generous, so a scan is not given up on a restart or two. */
const SCAN_RETRIES = 5;
/** The permissions the scan needs of the installation, and the level each needs. */
export const SCAN_PERMISSIONS = {
  administration: 'read',
  members: 'read',
  metadata: 'read',
} as const;
const LEVELS = ['read', 'write', 'admin'];

/** The provider whose organizations are scanned: the one whose apps are installed (GitHub). */
const SCAN_PROVIDER: string =
  PROVIDER_CATALOGUE.find((entry) => entry.app !== undefined)?.id ?? 'none';

type ScanRow = NonNullable<Awaited<ReturnType<GatewayServices['prisma']['orgScan']['findUnique']>>>;

/** The workspace's connected GitHub link (installation and app), or RESOURCE_NOT_FOUND. */
async function requireGitHubLink(services: GatewayServices, tenantId: string) {
  const link = await services.prisma.workspaceIntegration.findUnique({
    where: { tenantId_provider: { tenantId, provider: SCAN_PROVIDER } },
  });
  if (link === null || link.status !== 'connected' || link.installationId === null)
    throw gatewayError(
      'RESOURCE_NOT_FOUND',
      'No GitHub integration is connected to this workspace; connect one with POST /api/integrations/github/connect.',
      { provider: SCAN_PROVIDER },
    );
  return { ...link, installationId: link.installationId };
}

/** The scan's progress in the seed's shape. */
export function presentProgress(scan: ScanRow) {
  return {
    status: scan.status,
    progress: scan.progress,
    reposScanned: scan.reposScanned,
    reposTotal: scan.reposTotal,
    startedAt: scan.startedAt.toISOString(),
  };
}

export function presentScan(scan: ScanRow) {
  return {
    id: scan.id,
    org: scan.org,
    ...presentProgress(scan),
    completedAt: scan.completedAt?.toISOString() ?? null,
    error: scan.error,
  };
}

/** The running (queued or scanning) scan of an organization, if any. */
function runningScan(services: GatewayServices, tenantId: string, org: string) {
  return services.prisma.orgScan.findFirst({
    where: { tenantId, org, status: { in: RUNNING } },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
  });
}

/**
 * A run whose row has not moved for longer than every retry of a lost job could take is given up
 * (failed), so a scan never stays "scanning" (its job exhausted its attempts, or was lost).
 */
async function settleStale(services: GatewayServices, scan: ScanRow): Promise<ScanRow> {
  if (!RUNNING.includes(scan.status)) return scan;
  const limitMs = services.config.jobLeaseSeconds * 1000 * (SCAN_RETRIES + 2);
  if (services.now() - scan.updatedAt.getTime() <= limitMs) return scan;
  await services.prisma.orgScan.updateMany({
    where: { id: scan.id, status: { in: RUNNING }, updatedAt: scan.updatedAt },
    data: { status: 'failed', error: 'The scan stopped making progress; start it again.' },
  });
  return (await services.prisma.orgScan.findUnique({ where: { id: scan.id } })) ?? scan;
}

/** POST /api/integrations/github/scan-org: starts a scan, or answers the running one. */
export async function startOrgScan(
  services: GatewayServices,
  session: SessionUser,
  body: { org?: string | undefined },
): Promise<{ started: boolean; scan: ReturnType<typeof presentScan> }> {
  requireScanRole(session);
  const link = await requireGitHubLink(services, session.tenantId);
  const org = body.org ?? link.accountLogin;
  if (org.toLowerCase() !== link.accountLogin.toLowerCase())
    throw gatewayError(
      'INVALID_REQUEST',
      `org: the connected GitHub installation is on ${link.accountLogin}; connect an installation on ${org} to scan it.`,
    );
  const running = await runningScan(services, session.tenantId, link.accountLogin);
  if (running !== null) {
    const settled = await settleStale(services, running);
    if (RUNNING.includes(settled.status)) return { started: false, scan: presentScan(settled) };
  }
  const scan = await services.prisma.orgScan.create({
    data: {
      id: newId('scan'),
      tenantId: session.tenantId,
      provider: SCAN_PROVIDER,
      org: link.accountLogin,
      connectionId: link.connectionId,
      installationId: link.installationId,
      status: 'queued',
      startedAt: new Date(services.now()),
    },
  });
  const send = () =>
    services.jobs.send(
      ORG_SCAN_JOB,
      { scanId: scan.id },
      {
        singletonKey: `${session.tenantId}:github:${link.accountLogin.toLowerCase()}`,
        retryLimit: SCAN_RETRIES,
      },
    );
  // The key is held until the engine records the previous run's end (a moment after its row says
  // completed): wait that out; a start that lost a race answers the winner's scan.
  for (let attempt = 0; ; attempt++) {
    if ((await send()) !== null) break;
    const other = await services.prisma.orgScan.findFirst({
      where: {
        tenantId: session.tenantId,
        org: link.accountLogin,
        status: { in: RUNNING },
        id: { not: scan.id },
      },
    });
    if (other !== null) {
      await services.prisma.orgScan.delete({ where: { id: scan.id } });
      return { started: false, scan: presentScan(other) };
    }
    if (attempt >= 25) {
      await services.prisma.orgScan.delete({ where: { id: scan.id } });
      throw gatewayError(
        'UPSTREAM_UNAVAILABLE',
        'A previous scan of this organization is still winding down; try again in a moment.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { started: true, scan: presentScan(scan) };
}

/** The latest scan of the workspace's organization (not invalidated), or null. */
async function latestScan(services: GatewayServices, tenantId: string, org: string) {
  const scan = await services.prisma.orgScan.findFirst({
    where: { tenantId, org, invalidatedAt: null },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
  });
  return scan === null ? null : settleStale(services, scan);
}

/** GET …/scan-progress: the latest scan's progress; 404 before any scan. */
export async function scanProgress(services: GatewayServices, session: SessionUser) {
  requireRole(session, ADMINS, 'read the organization scan');
  const link = await requireGitHubLink(services, session.tenantId);
  const scan = await latestScan(services, session.tenantId, link.accountLogin);
  if (scan === null)
    throw gatewayError(
      'RESOURCE_NOT_FOUND',
      'No scan of this organization yet; start one with POST /api/integrations/github/scan-org.',
    );
  return presentProgress(scan);
}

/** GET …/scan-status: when the last scan completed (null before one did). */
export async function scanStatus(services: GatewayServices, session: SessionUser) {
  requireRole(session, ADMINS, 'read the organization scan');
  const link = await requireGitHubLink(services, session.tenantId);
  const last = await services.prisma.orgScan.findFirst({
    where: { tenantId: session.tenantId, org: link.accountLogin, status: 'completed' },
    orderBy: [{ completedAt: 'desc' }, { id: 'desc' }],
  });
  const current = await latestScan(services, session.tenantId, link.accountLogin);
  return {
    org: link.accountLogin,
    lastCompletedAt: last?.completedAt?.toISOString() ?? null,
    lastScanId: last?.id ?? null,
    cached: last !== null && last.invalidatedAt === null,
    current: current === null ? null : presentScan(current),
  };
}

/** POST …/scan-cache/invalidate: drops the findings of every finished scan of the organization. */
export async function invalidateScanCache(services: GatewayServices, session: SessionUser) {
  requireRole(session, ADMINS, 'invalidate the organization scan');
  const link = await requireGitHubLink(services, session.tenantId);
  const finished = await services.prisma.orgScan.findMany({
    where: {
      tenantId: session.tenantId,
      org: link.accountLogin,
      status: { in: ['completed', 'failed'] },
      invalidatedAt: null,
    },
    select: { id: true },
  });
  const ids = finished.map(({ id }) => id);
  const dropped = await services.prisma.$transaction(async (tx) => {
    const deleted = await tx.orgScanFinding.deleteMany({ where: { scanId: { in: ids } } });
    await tx.orgScan.updateMany({
      where: { id: { in: ids } },
      data: { invalidatedAt: new Date(services.now()) },
    });
    return deleted.count;
  });
  return { invalidated: ids.length, findingsDropped: dropped };
}

/**
 * GET …/scan-results?page&per_page&scan_id: one page of a scan's findings (default: the latest
 * scan that is not invalidated, running or not), by repository full name.
 */
export async function scanResults(
  services: GatewayServices,
  session: SessionUser,
  query: { page: number; per_page: number; scan_id?: string | undefined },
) {
  requireRole(session, ADMINS, 'read the organization scan');
  const link = await requireGitHubLink(services, session.tenantId);
  const scan =
    query.scan_id === undefined
      ? await latestScan(services, session.tenantId, link.accountLogin)
      : await services.prisma.orgScan.findFirst({
          where: { id: query.scan_id, tenantId: session.tenantId, invalidatedAt: null },
        });
  if (scan === null)
    throw gatewayError(
      'RESOURCE_NOT_FOUND',
      query.scan_id === undefined
        ? 'No scan results; start a scan with POST /api/integrations/github/scan-org.'
        : 'No such scan (or its results were invalidated).',
    );
  const [total, findings] = await Promise.all([
    services.prisma.orgScanFinding.count({ where: { scanId: scan.id } }),
    services.prisma.orgScanFinding.findMany({
      where: { scanId: scan.id },
      orderBy: [{ fullName: 'asc' }, { id: 'asc' }],
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    }),
  ]);
  return {
    scan: presentScan(scan),
    findings: findings.map((finding) => ({
      repository_id: finding.repositoryId,
      full_name: finding.fullName,
      default_branch: finding.defaultBranch,
      default_branch_protected: finding.protected,
      visibility: finding.visibility,
      archived: finding.archived,
      outside_admins: JSON.parse(finding.outsideAdmins) as string[],
      scanned_at: finding.scannedAt.toISOString(),
    })),
    total,
    page: query.page,
    per_page: query.per_page,
  };
}

const meets = (granted: string | undefined, needed: string) =>
  granted !== undefined && LEVELS.indexOf(granted) >= LEVELS.indexOf(needed);

/** GET …/scan-permissions: the installation's permissions (synced from GitHub) against the scan's. */
export async function scanPermissions(services: GatewayServices, session: SessionUser) {
  requireRole(session, ADMINS, 'read the organization scan');
  const link = await requireGitHubLink(services, session.tenantId);
  const installations = await syncInstallations(services, link.connectionId);
  const installation = installations.find((item) => item.installationId === link.installationId);
  if (installation === undefined)
    throw new ScmError('INSTALLATION_NOT_FOUND', {
      source: 'gateway',
      message: 'The connected installation was removed from GitHub; install the app again.',
    });
  const granted = JSON.parse(installation.permissions) as Record<string, string>;
  const missing = Object.entries(SCAN_PERMISSIONS)
    .filter(([name, level]) => !meets(granted[name], level))
    .map(([name, level]) => ({ permission: name, needed: level, granted: granted[name] ?? null }));
  return {
    sufficient: missing.length === 0,
    required: SCAN_PERMISSIONS,
    granted,
    missing,
  };
}

/** An installation client of the scan's app (the private key unsealed for this run only). */
async function installationClient(services: GatewayServices, connectionId: string) {
  const app = await services.prisma.gitHubApp.findUnique({
    where: { connectionId },
    include: { providerHost: true },
  });
  if (app === null) throw gatewayError('RESOURCE_NOT_FOUND', 'This integration has no app.');
  const settings = {
    ...services.providers.transport(app.providerHost),
    baseUrl: app.providerHost.apiBaseUrl,
  };
  const appAuth = createGitHubAppAuth({
    ...settings,
    appId: app.appId,
    privateKey: services.secretBox.decrypt(app.privateKeyEnc),
  });
  const installations = createGitHubInstallations({ ...settings, appAuth });
  return {
    installations,
    close: () => Promise.all([installations.close(), appAuth.close()]).then(() => undefined),
  };
}

/** Errors no retry can fix: the scan fails at once. */
const PERMANENT = new Set<string>([
  'INSUFFICIENT_SCOPE',
  'INSTALLATION_NOT_FOUND',
  'INVALID_CREDENTIALS',
  'ACCESS_BLOCKED_BY_POLICY',
]);

const progressOf = (scanned: number, total: number) =>
  total === 0 ? 100 : scanned >= total ? 100 : Math.min(99, Math.floor((scanned * 100) / total));

/** Thrown when the gateway stops mid-scan: the engine runs the job again (it resumes). */
class ScanInterrupted extends Error {
  constructor() {
    super('The gateway stopped mid-scan; the scan resumes when it runs again.');
  }
}

/**
 * The job: scans (or resumes) one OrgScan. Idempotent and re-entrant. `stopping` says the gateway
 * is shutting down: the run stops between repositories and throws, so the engine runs it again
 * (in this deployment's next process) and it resumes where it stopped.
 */
export async function runOrgScan(
  services: GatewayServices,
  job: Job,
  stopping: () => boolean = () => false,
): Promise<void> {
  const { prisma } = services;
  const scanId = String(job.data.scanId);
  const scan = await prisma.orgScan.findUnique({ where: { id: scanId } });
  if (scan === null || !RUNNING.includes(scan.status) || scan.invalidatedAt !== null) return;
  await prisma.orgScan.update({ where: { id: scanId }, data: { status: 'scanning' } });
  const { installations, close } = await installationClient(services, scan.connectionId);
  const target = { installationId: scan.installationId };
  try {
    const repos: Repository[] = [];
    for await (const repo of paginate(
      (query) => installations.listInstallationRepositories(target, query),
      { limit: 100 },
    ))
      if (repo.owner.toLowerCase() === scan.org.toLowerCase()) repos.push(repo);
    let owners: string[];
    try {
      owners = [];
      for await (const member of paginate(
        (query) =>
          installations.listOrganizationMembers(target, { org: scan.org, role: 'admin' }, query),
        { limit: 100 },
      ))
        owners.push(member.login.toLowerCase());
    } catch (error) {
      // A user account has no members: its owner is the user.
      if (!ScmError.isInstance(error) || error.code !== 'RESOURCE_NOT_FOUND') throw error;
      owners = [scan.org.toLowerCase()];
    }
    const done = new Set(
      (
        await prisma.orgScanFinding.findMany({ where: { scanId }, select: { repositoryId: true } })
      ).map(({ repositoryId }) => repositoryId),
    );
    const record = async () => {
      const scanned = await prisma.orgScanFinding.count({ where: { scanId } });
      const progress = progressOf(scanned, repos.length);
      // Only forward, and only while the scan is still running (an invalidation or a newer run of
      // the same job never sees its numbers go back).
      const updated = await prisma.orgScan.updateMany({
        where: { id: scanId, status: 'scanning', progress: { lte: progress } },
        data: { reposScanned: scanned, reposTotal: repos.length, progress },
      });
      if (updated.count === 0) {
        const current = await prisma.orgScan.findUnique({ where: { id: scanId } });
        return current !== null && current.status === 'scanning';
      }
      return true;
    };
    if (!(await record())) return;
    for (const repo of repos) {
      if (done.has(repo.id)) continue;
      if (stopping()) throw new ScanInterrupted();
      const branch = repo.defaultBranch;
      const protection =
        branch === null || branch === ''
          ? { protected: false }
          : await installations.getBranchProtection(target, {
              owner: repo.owner,
              repo: repo.name,
              branch,
            });
      const admins: string[] = [];
      for await (const collaborator of paginate(
        (query) =>
          installations.listCollaborators(
            target,
            { owner: repo.owner, repo: repo.name, affiliation: 'all' },
            query,
          ),
        { limit: 100 },
      ))
        if (collaborator.permissions.admin && !owners.includes(collaborator.login.toLowerCase()))
          admins.push(collaborator.login);
      const fields = {
        fullName: repo.fullName,
        defaultBranch: branch === '' ? null : branch,
        protected: protection.protected,
        visibility: repo.visibility,
        archived: repo.archived,
        outsideAdmins: JSON.stringify(admins.sort()),
        scannedAt: new Date(services.now()),
      };
      await prisma.orgScanFinding.upsert({
        where: { scanId_repositoryId: { scanId, repositoryId: repo.id } },
        create: { id: newId('find'), scanId, repositoryId: repo.id, ...fields },
        update: fields,
      });
      if (!(await record())) return;
    }
    await prisma.orgScan.updateMany({
      where: { id: scanId, status: 'scanning' },
      data: {
        status: 'completed',
        progress: 100,
        reposScanned: repos.length,
        reposTotal: repos.length,
        completedAt: new Date(services.now()),
      },
    });
  } catch (error) {
    if (error instanceof ScanInterrupted) throw error;
    const permanent = ScmError.isInstance(error) && PERMANENT.has(error.code);
    if (permanent || job.attempt > SCAN_RETRIES) {
      const message = error instanceof Error ? error.message : String(error);
      await prisma.orgScan.updateMany({
        where: { id: scanId, status: { in: RUNNING } },
        data: {
          status: 'failed',
          error: permanent
            ? `${message} (see GET /api/integrations/github/scan-permissions)`
            : message,
        },
      });
      return;
    }
    throw error;
  } finally {
    await close();
  }
}

/** Registers the scan worker (from createApp); the function it answers interrupts running scans. */
export async function startOrgScanWorkers(services: GatewayServices): Promise<() => void> {
  let stopping = false;
  await services.jobs.work(ORG_SCAN_JOB, (job) => runOrgScan(services, job, () => stopping));
  return () => {
    stopping = true;
  };
}

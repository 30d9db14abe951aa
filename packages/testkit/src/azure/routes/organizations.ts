import type { Route } from '../../server/simulator-server.js';
import { guidFor } from '../azure-dataset.js';
import { azureError, intParam, list } from '../azure-wire.js';
import { renderProject } from '../render/common.js';
import type { AzureRouteKit } from '../route-kit.js';
import { projectNotFound } from '../route-kit.js';

/**
 * Projects of the organization (the adapter's organizations): `$top`/`$skip`, and
 * `x-ms-continuationtoken` (the next `$skip`) when more follow, as `Projects_List` sends it.
 */
export function organizationsRoutes(kit: AzureRouteKit): Route[] {
  const projects = () => [...kit.world.projects].sort((a, b) => a.name.localeCompare(b.name));
  return [
    kit.orgRoute('GET', '/_apis/projects', (request) => {
      const top = intParam(request, ['$top'], 100);
      const token = request.query.continuationToken;
      const skip = token === undefined ? intParam(request, ['$skip'], 0) : Number(token);
      if (Number.isNaN(top) || !Number.isInteger(skip) || skip < 0)
        return azureError(
          400,
          'The continuation token provided is invalid.',
          'InvalidArgumentValueException',
          'Microsoft.VisualStudio.Services.Common',
        );
      const all = projects();
      const page = all.slice(skip, skip + top);
      return list(
        page.map((project) => renderProject(kit, project)),
        skip + top < all.length ? String(skip + top) : undefined,
      );
    }),
    kit.orgRoute('GET', '/_apis/projects/:projectId', (request) => {
      const project = kit.findProject(request.params.projectId ?? '');
      if (project === undefined) return projectNotFound(request.params.projectId ?? '');
      return {
        json: {
          ...renderProject(kit, project),
          _links: {
            self: { href: `${kit.collectionUrl()}/_apis/projects/${project.id}` },
            web: { href: `${kit.collectionUrl()}/${encodeURIComponent(project.name)}` },
          },
          defaultTeam: {
            id: guidFor('team', project.name),
            name: `${project.name} Team`,
            url: `${kit.collectionUrl()}/_apis/projects/${project.id}/teams`,
          },
        },
      };
    }),
  ];
}

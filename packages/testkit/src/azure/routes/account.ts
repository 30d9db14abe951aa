import type { Route } from '../../server/simulator-server.js';
import { azureError, list } from '../azure-wire.js';
import { renderConnectionData, renderIdentityRecord, renderProfile } from '../render/account.js';
import type { AzureRouteKit } from '../route-kit.js';

/**
 * Who the caller is: the profile service's `profiles/me` (on app.vssps.visualstudio.com for
 * Services, served here at the root), the collection's `connectionData` (what Server answers), and
 * the identities search that turns a `uniqueName` into the GUID `searchCriteria.creatorId` takes.
 */
export function accountRoutes(kit: AzureRouteKit): Route[] {
  const viewer = kit.dataset.viewer;
  // The profile service is Services' own (app.vssps.visualstudio.com, the host of profile.json);
  // a Server names its caller through connectionData only.
  const profile = kit.rootRoute('GET', '/_apis/profile/profiles/:id', (request) =>
    request.params.id === 'me' || request.params.id === renderProfile(kit, viewer).id
      ? { json: renderProfile(kit, viewer) }
      : azureError(
          404,
          `VS800049: Profile with identifier ${request.params.id ?? ''} not found.`,
          'ProfileNotFoundException',
          'Microsoft.VisualStudio.Services.Profile',
        ),
  );
  return [
    ...(kit.server ? [] : [profile]),
    kit.orgRoute('GET', '/_apis/connectionData', () => ({
      json: renderConnectionData(kit, viewer),
    })),
    kit.orgRoute('GET', '/_apis/identities', (request) => {
      const value = request.query.filterValue?.toLowerCase();
      if (request.query.searchFilter === undefined || value === undefined)
        return azureError(
          400,
          'Exactly one of descriptors, identityIds, subjectDescriptors or searchFilter must be specified.',
          'ArgumentException',
          'System',
        );
      const users = kit.dataset.users.filter(
        (user) =>
          user.login.toLowerCase() === value ||
          user.email.toLowerCase() === value ||
          (request.query.searchFilter === 'General' && user.name.toLowerCase() === value),
      );
      return list(users.map(renderIdentityRecord));
    }),
  ];
}

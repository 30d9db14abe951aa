import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createAzureDevOpsProvider } from './azure-provider.js';
import { resolveAzureSettings, type AzureDevOpsProviderSettings } from './azure-settings.js';

const pat = { type: 'pat', token: 'x' } as const;

function refusal(settings: unknown): { code: string; field: unknown } | undefined {
  try {
    createAzureDevOpsProvider(settings as AzureDevOpsProviderSettings);
    return undefined;
  } catch (error) {
    if (!ScmError.isInstance(error)) throw error;
    return { code: error.code, field: error.details?.field };
  }
}

describe('resolveAzureSettings', () => {
  it('reads Services organization URLs, the bare host with an organization, and the old host form', () => {
    expect(resolveAzureSettings({ baseUrl: 'https://dev.azure.com/fabrikam/', auth: pat })).toEqual(
      {
        collectionUrl: 'https://dev.azure.com/fabrikam',
        organization: 'fabrikam',
        profileUrl: 'https://app.vssps.visualstudio.com',
        authorityUrl: 'https://login.microsoftonline.com',
      },
    );
    expect(resolveAzureSettings({ organization: 'fabrikam', auth: pat }).collectionUrl).toBe(
      'https://dev.azure.com/fabrikam',
    );
    expect(
      resolveAzureSettings({ baseUrl: 'https://fabrikam.visualstudio.com', auth: pat }),
    ).toMatchObject({
      collectionUrl: 'https://fabrikam.visualstudio.com',
      organization: 'fabrikam',
    });
  });

  it('reads a Server collection URL, which has no profile service (its caller is in connectionData)', () => {
    expect(
      resolveAzureSettings({ baseUrl: 'https://tfs.example.com/tfs/DefaultCollection', auth: pat }),
    ).toMatchObject({
      collectionUrl: 'https://tfs.example.com/tfs/DefaultCollection',
      organization: 'DefaultCollection',
      profileUrl: undefined,
    });
  });

  it('refuses a bad setting with INVALID_REQUEST naming the field, never a TypeError', () => {
    expect(refusal({ auth: pat })).toEqual({ code: 'INVALID_REQUEST', field: 'organization' });
    expect(refusal({ baseUrl: 'ftp://x', auth: pat })).toEqual({
      code: 'INVALID_REQUEST',
      field: 'baseUrl',
    });
    expect(refusal({ baseUrl: 'https://u:p@dev.azure.com/x', auth: pat })?.field).toBe('baseUrl');
    expect(refusal({ organization: 'no spaces', auth: pat })?.field).toBe('organization');
    expect(refusal({ organization: 'a', auth: { type: 'pat', token: '' } })?.field).toBe(
      'auth.token',
    );
    expect(refusal({ organization: 'a', auth: { type: 'oauth' } })?.code).toBe('INVALID_REQUEST');
    expect(refusal({ organization: 'a' })?.field).toBe('auth');
    expect(refusal(undefined)?.code).toBe('INVALID_REQUEST');
  });
});

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedByUserId" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invitation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Invitation_invitedByUserId_fkey" FOREIGN KEY ("invitedByUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GitHubApp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "providerHostId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ownerLogin" TEXT,
    "htmlUrl" TEXT,
    "clientId" TEXT NOT NULL,
    "clientSecretEnc" TEXT NOT NULL,
    "privateKeyEnc" TEXT NOT NULL,
    "webhookSecretEnc" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "GitHubApp_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GitHubApp_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GitHubApp_providerHostId_fkey" FOREIGN KEY ("providerHostId") REFERENCES "ProviderHost" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GitHubAppInstallation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "githubAppId" TEXT NOT NULL,
    "installationId" TEXT NOT NULL,
    "accountId" TEXT,
    "accountLogin" TEXT NOT NULL,
    "accountType" TEXT NOT NULL,
    "repositorySelection" TEXT NOT NULL,
    "suspendedAt" DATETIME,
    "permissions" TEXT NOT NULL DEFAULT '{}',
    "events" TEXT NOT NULL DEFAULT '[]',
    "lastSyncedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "GitHubAppInstallation_githubAppId_fkey" FOREIGN KEY ("githubAppId") REFERENCES "GitHubApp" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Connection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "customerId" TEXT,
    "userId" TEXT,
    "providerHostId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "accountLogin" TEXT NOT NULL,
    "accountName" TEXT,
    "tokenType" TEXT NOT NULL DEFAULT 'oauth',
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "expiresAt" DATETIME,
    "scopes" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT,
    "displayName" TEXT,
    "accountAvatarUrl" TEXT,
    "accountEmail" TEXT,
    "accountProfileUrl" TEXT,
    "webhookSecretEnc" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Connection_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Connection_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Connection_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Connection_providerHostId_fkey" FOREIGN KEY ("providerHostId") REFERENCES "ProviderHost" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Connection" ("accessTokenEnc", "accountId", "accountLogin", "accountName", "createdAt", "customerId", "expiresAt", "id", "provider", "providerHostId", "refreshTokenEnc", "scopes", "status", "tenantId", "tokenType", "updatedAt", "userId") SELECT "accessTokenEnc", "accountId", "accountLogin", "accountName", "createdAt", "customerId", "expiresAt", "id", "provider", "providerHostId", "refreshTokenEnc", "scopes", "status", "tenantId", "tokenType", "updatedAt", "userId" FROM "Connection";
DROP TABLE "Connection";
ALTER TABLE "new_Connection" RENAME TO "Connection";
CREATE INDEX "Connection_tenantId_idx" ON "Connection"("tenantId");
CREATE INDEX "Connection_customerId_idx" ON "Connection"("customerId");
CREATE TABLE "new_ProviderHost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT,
    "provider" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "apiBaseUrl" TEXT NOT NULL,
    "webBaseUrl" TEXT NOT NULL,
    "oauthClientId" TEXT,
    "oauthClientSecretEnc" TEXT,
    "oauthScopes" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdByUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProviderHost_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProviderHost" ("apiBaseUrl", "createdAt", "enabled", "host", "id", "isDefault", "oauthClientId", "oauthClientSecretEnc", "oauthScopes", "provider", "updatedAt", "webBaseUrl") SELECT "apiBaseUrl", "createdAt", "enabled", "host", "id", "isDefault", "oauthClientId", "oauthClientSecretEnc", "oauthScopes", "provider", "updatedAt", "webBaseUrl" FROM "ProviderHost";
DROP TABLE "ProviderHost";
ALTER TABLE "new_ProviderHost" RENAME TO "ProviderHost";
CREATE INDEX "ProviderHost_provider_host_idx" ON "ProviderHost"("provider", "host");
CREATE UNIQUE INDEX "ProviderHost_tenantId_provider_host_key" ON "ProviderHost"("tenantId", "provider", "host");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_tenantId_idx" ON "Invitation"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "GitHubApp_connectionId_key" ON "GitHubApp"("connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "GitHubApp_providerHostId_appId_key" ON "GitHubApp"("providerHostId", "appId");

-- CreateIndex
CREATE UNIQUE INDEX "GitHubAppInstallation_githubAppId_installationId_key" ON "GitHubAppInstallation"("githubAppId", "installationId");

-- DropIndex
DROP INDEX "ProviderHost_provider_host_key";

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "accountAvatarUrl" TEXT,
ADD COLUMN     "accountEmail" TEXT,
ADD COLUMN     "accountProfileUrl" TEXT,
ADD COLUMN     "displayName" TEXT,
ADD COLUMN     "statusReason" TEXT,
ADD COLUMN     "webhookSecretEnc" TEXT,
ALTER COLUMN "accessTokenEnc" DROP NOT NULL;

-- AlterTable
ALTER TABLE "ProviderHost" ADD COLUMN     "createdByUserId" TEXT,
ADD COLUMN     "tenantId" TEXT;

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedByUserId" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GitHubApp" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GitHubApp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GitHubAppInstallation" (
    "id" TEXT NOT NULL,
    "githubAppId" TEXT NOT NULL,
    "installationId" TEXT NOT NULL,
    "accountId" TEXT,
    "accountLogin" TEXT NOT NULL,
    "accountType" TEXT NOT NULL,
    "repositorySelection" TEXT NOT NULL,
    "suspendedAt" TIMESTAMP(3),
    "permissions" TEXT NOT NULL DEFAULT '{}',
    "events" TEXT NOT NULL DEFAULT '[]',
    "lastSyncedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GitHubAppInstallation_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "ProviderHost_provider_host_idx" ON "ProviderHost"("provider", "host");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderHost_tenantId_provider_host_key" ON "ProviderHost"("tenantId", "provider", "host");

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_invitedByUserId_fkey" FOREIGN KEY ("invitedByUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderHost" ADD CONSTRAINT "ProviderHost_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GitHubApp" ADD CONSTRAINT "GitHubApp_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GitHubApp" ADD CONSTRAINT "GitHubApp_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GitHubApp" ADD CONSTRAINT "GitHubApp_providerHostId_fkey" FOREIGN KEY ("providerHostId") REFERENCES "ProviderHost"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GitHubAppInstallation" ADD CONSTRAINT "GitHubAppInstallation_githubAppId_fkey" FOREIGN KEY ("githubAppId") REFERENCES "GitHubApp"("id") ON DELETE CASCADE ON UPDATE CASCADE;

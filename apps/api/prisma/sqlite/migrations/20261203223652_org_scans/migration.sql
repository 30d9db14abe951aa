-- CreateTable
CREATE TABLE "OrgScan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "org" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "installationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "reposScanned" INTEGER NOT NULL DEFAULT 0,
    "reposTotal" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "error" TEXT,
    "invalidatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrgScan_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrgScanFinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scanId" TEXT NOT NULL,
    "repositoryId" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "defaultBranch" TEXT,
    "protected" BOOLEAN NOT NULL,
    "visibility" TEXT NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "outsideAdmins" TEXT NOT NULL,
    "scannedAt" DATETIME NOT NULL,
    CONSTRAINT "OrgScanFinding_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "OrgScan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OrgScan_tenantId_org_status_idx" ON "OrgScan"("tenantId", "org", "status");

-- CreateIndex
CREATE INDEX "OrgScanFinding_scanId_fullName_idx" ON "OrgScanFinding"("scanId", "fullName");

-- CreateIndex
CREATE UNIQUE INDEX "OrgScanFinding_scanId_repositoryId_key" ON "OrgScanFinding"("scanId", "repositoryId");

-- CreateTable
CREATE TABLE "OrgScan" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "org" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "installationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "reposScanned" INTEGER NOT NULL DEFAULT 0,
    "reposTotal" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "error" TEXT,
    "invalidatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrgScan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgScanFinding" (
    "id" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "repositoryId" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "defaultBranch" TEXT,
    "protected" BOOLEAN NOT NULL,
    "visibility" TEXT NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "outsideAdmins" TEXT NOT NULL,
    "scannedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrgScanFinding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrgScan_tenantId_org_status_idx" ON "OrgScan"("tenantId", "org", "status");

-- CreateIndex
CREATE INDEX "OrgScanFinding_scanId_fullName_idx" ON "OrgScanFinding"("scanId", "fullName");

-- CreateIndex
CREATE UNIQUE INDEX "OrgScanFinding_scanId_repositoryId_key" ON "OrgScanFinding"("scanId", "repositoryId");

-- AddForeignKey
ALTER TABLE "OrgScan" ADD CONSTRAINT "OrgScan_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgScanFinding" ADD CONSTRAINT "OrgScanFinding_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "OrgScan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

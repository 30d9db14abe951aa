-- DropIndex
DROP INDEX "Authorization_clientId_customerId_idx";

-- AlterTable
ALTER TABLE "AuthorizationConnection" ADD COLUMN     "permissions" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "RateLimitHit" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "resetAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitHit_pkey" PRIMARY KEY ("key")
);

-- Each approved connection keeps the scopes its authorization had (per-connection approvals).
UPDATE "AuthorizationConnection" SET "permissions" = (SELECT "permissions" FROM "Authorization" WHERE "Authorization"."id" = "AuthorizationConnection"."authorizationId");

-- One authorization per app and customer: keep the active (else the newest) one of each pair.
DELETE FROM "Authorization" WHERE "id" IN (
  SELECT "id" FROM (
    SELECT "id", ROW_NUMBER() OVER (PARTITION BY "clientId", "customerId" ORDER BY CASE WHEN "status" = 'active' THEN 0 ELSE 1 END, "updatedAt" DESC, "id") AS "rank"
    FROM "Authorization" WHERE "customerId" IS NOT NULL
  ) AS "ranked" WHERE "rank" > 1
);

-- CreateIndex
CREATE UNIQUE INDEX "Authorization_clientId_customerId_key" ON "Authorization"("clientId", "customerId");

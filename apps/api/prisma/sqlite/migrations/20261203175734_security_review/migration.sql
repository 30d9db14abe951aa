-- DropIndex
DROP INDEX "Authorization_clientId_customerId_idx";

-- CreateTable
CREATE TABLE "RateLimitHit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "hits" INTEGER NOT NULL,
    "resetAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuthorizationConnection" (
    "authorizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "permissions" TEXT NOT NULL DEFAULT '[]',

    PRIMARY KEY ("authorizationId", "connectionId"),
    CONSTRAINT "AuthorizationConnection_authorizationId_fkey" FOREIGN KEY ("authorizationId") REFERENCES "Authorization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AuthorizationConnection_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AuthorizationConnection" ("authorizationId", "connectionId") SELECT "authorizationId", "connectionId" FROM "AuthorizationConnection";
DROP TABLE "AuthorizationConnection";
ALTER TABLE "new_AuthorizationConnection" RENAME TO "AuthorizationConnection";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

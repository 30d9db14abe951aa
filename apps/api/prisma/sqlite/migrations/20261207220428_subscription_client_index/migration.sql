-- CreateIndex
CREATE INDEX "EventSubscription_tenantId_clientId_idx" ON "EventSubscription"("tenantId", "clientId");
